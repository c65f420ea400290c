import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { opsSchedule } from '@/server/services/ops/schedule';
import { loadTaskBoard } from '@/server/services/ops/task-board';

const run = z.object({
  id: z.string(), periodStart: z.date(), periodLabel: z.string(), doneAt: z.date(), actor: z.string(), note: z.string().nullable(), isAutomatic: z.boolean(),
  evidence: z.array(z.string()), reportIds: z.array(z.string()),
});

/** The operations tasks with their state now (done / due / overdue), this period's run and the last runs. */
export const listTasks = procedure
  .output(z.object({
    timeZone: z.string(), summaryHour: z.number(), now: z.date(),
    tasks: z.array(z.object({
      key: z.string(), cadence: z.enum(['daily', 'weekly', 'monthly']), title: z.string(), description: z.string(), isAutomatic: z.boolean(),
      state: z.enum(['done', 'due', 'overdue']), overdueText: z.string().nullable(),
      period: z.object({ label: z.string(), start: z.date(), end: z.date() }), dueAt: z.date(),
      run: run.nullable(), history: z.array(run),
    })),
  }))
  .query(({ ctx }) => ctx.db.$transaction((tx) => loadTaskBoard(tx, ctx.now(), opsSchedule(serverEnv())), { isolationLevel: 'RepeatableRead' }));
