import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { readSystemSeries, SERIES_HOURS, systemSeries } from '@/server/services/system/system-series';

/** Per-minute series for the System page's charts: exchange p99 and errors, database and loop latency. */
export const getSystemSeries = procedure
  .input(z.object({
    hours: z.union(SERIES_HOURS.map((h) => z.literal(h)), { error: `hours: one of ${SERIES_HOURS.join(', ')}` }).default(6),
  }).optional())
  .output(systemSeries)
  .query(async ({ ctx, input }) => readSystemSeries(ctx.db, ctx.now(), input?.hours ?? 6));
