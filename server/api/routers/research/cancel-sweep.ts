import { z } from 'zod';
import { cancelSweep } from '@/adapters/repo/sweeps';
import { actorOf, procedure } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { backtestProducer } from '@/server/queue';

/**
 * Stop a sweep: its queued and running runs fail as "cancelled" and their jobs leave the
 * queue, in one transaction with the audit row. A run being computed right now finishes
 * on its worker, but its result is dropped.
 */
export const cancelSweepProcedure = procedure
  .input(z.object({ id: z.uuid('id: must be a sweep id') }))
  .output(z.object({ cancelledRuns: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const sweep = await ctx.db.backtestSweep.findUnique({ where: { id: input.id }, select: { id: true } });
    if (!sweep) throw new AppError('NOT_FOUND', `no sweep ${input.id}`);
    const boss = await backtestProducer();
    const result = await cancelSweep(ctx.db, boss, input.id, { actor: actorOf(ctx), at: ctx.now() });
    if (!result.ok) throw new AppError('CONFLICT', result.error);
    return result.value;
  });
