import { z } from 'zod';
import { listSweeps } from '@/adapters/repo/sweeps';
import { procedure } from '@/server/api/trpc';
import { sweepSummarySchema } from './research-schemas';

/** The newest backtest sweeps with their progress (runs per status) and the workers that ran them. */
export const listSweepsProcedure = procedure
  .input(z.object({ limit: z.number().int().min(1, 'limit: at least 1').max(200, 'limit: at most 200').default(50) }).optional())
  .output(z.array(sweepSummarySchema))
  .query(({ ctx, input }) => listSweeps(ctx.db, { limit: input?.limit ?? 50 }));
