import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { opsSchedule } from '@/server/services/ops/schedule';
import { tickInput, tickOpsTask } from '@/server/services/ops/tick-task';

/** Mark a manual operations task done for its current period, with a note (audited). */
export const tickTask = procedure
  .input(tickInput)
  .output(z.object({ changed: z.boolean(), period: z.string() }))
  .mutation(({ ctx, input }) => {
    const actor = actorOf(ctx);
    return tickOpsTask(ctx.db, actor, input, ctx.now(), opsSchedule(serverEnv()).timeZone);
  });
