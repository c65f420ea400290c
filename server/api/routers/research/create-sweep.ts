import { z } from 'zod';
import { listAvailableData } from '@/adapters/market-data/available-data';
import { createSweep } from '@/adapters/repo/sweeps';
import { sweepRequest } from '@/domain/research/sweep-grid';
import { actorOf, procedure } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { backtestProducer } from '@/server/queue';

/**
 * Queue a sweep: the grid is validated here (each issue names its field), then against
 * the candle files on disk; the sweep, its runs, their jobs and the audit row are
 * written in one transaction (adapters/repo/sweeps.ts).
 */
export const createSweepProcedure = procedure
  .input(sweepRequest)
  .output(z.object({ sweepId: z.string(), totalRuns: z.number().int() }))
  .mutation(async ({ ctx, input }) => {
    const boss = await backtestProducer();
    const availableData = listAvailableData();
    const result = await createSweep(ctx.db, boss, input, { actor: actorOf(ctx), at: ctx.now(), availableData });
    if (!result.ok) throw new AppError('BAD_REQUEST', result.error);
    return result.value;
  });
