import { z } from 'zod';
import { runCurves } from '@/adapters/repo/sweeps';
import { procedure } from '@/server/api/trpc';
import { curveSchema } from './research-schemas';

/** More lines than this on one chart cannot be told apart (the Research page's limit too). */
export const MAX_COMPARED_RUNS = 8;

/** The equity curves of the runs being compared, each downsampled to a few hundred points. */
export const runCurvesProcedure = procedure
  .input(z.object({
    runIds: z.array(z.uuid('runIds: each must be a backtest run id')).min(1, 'runIds: at least one run')
      .max(MAX_COMPARED_RUNS, `runIds: at most ${MAX_COMPARED_RUNS} runs`),
  }))
  .output(z.array(curveSchema))
  .query(({ ctx, input }) => runCurves(ctx.db, input.runIds));
