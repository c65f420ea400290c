import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { resolveOverdueAlerts } from '@/adapters/repo/ops-tasks';
import { periodAt } from '@/domain/ops/periods';
import { OPS_TASK_KEYS, opsTask } from '@/domain/ops/tasks';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

/** Arbitrary, unique to ticks: with the task's hash, two people ticking at once make one run. */
const TICK_LOCK = 7_261_012;

export const tickInput = z.object({
  key: z.enum(OPS_TASK_KEYS, 'key: not an operations task'),
  note: z.string('note: say what you checked (at least 5 characters)').trim()
    .min(5, 'note: say what you checked (at least 5 characters)').max(1000, 'note: at most 1000 characters'),
});

const AUTOMATIC_HOW: Record<string, string> = {
  'daily.summary': 'the worker writes it at the daily summary hour',
  'daily.risk-compliance': 'the worker writes the compliance report with the daily summary',
  'weekly.backups': 'a successful backup (scheduled, or npm run backup) records it',
};

/**
 * A person marks a manual task done for its current period, with a note: one run per
 * period (a second tick changes nothing), audited as ops.task.done, and the task's open
 * overdue alerts resolved in the same transaction. Automatic tasks are refused: the
 * system ticks them with its evidence.
 */
export async function tickOpsTask(db: Db, actor: Actor & { id: string }, input: z.infer<typeof tickInput>, now: Date, timeZone: string) {
  const task = opsTask(input.key)!;
  if (task.isAutomatic) {
    throw new AppError('BAD_REQUEST', `${task.title} is automatic: ${AUTOMATIC_HOW[task.key] ?? 'the system records it'}; it cannot be ticked by hand`);
  }
  const period = periodAt(task.cadence, now, timeZone);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${TICK_LOCK}::int, hashtext(${task.key}))`;
    const existing = await tx.opsTaskRun.findUnique({ where: { taskKey_periodStart: { taskKey: task.key, periodStart: period.start } }, select: { id: true } });
    if (existing) return { changed: false, period: period.label };
    const run = await tx.opsTaskRun.create({ data: {
      taskKey: task.key, periodStart: period.start, doneAt: now, doneById: actor.id, actorLabel: actor.label, note: input.note, evidence: {}, isAutomatic: false,
    } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'ops.task.done', targetType: 'OpsTaskRun', targetId: run.id,
      details: { key: task.key, period: period.label, periodStart: period.start.toISOString(), note: input.note } }, now);
    await resolveOverdueAlerts(tx, task.key, now);
    return { changed: true, period: period.label };
  });
}
