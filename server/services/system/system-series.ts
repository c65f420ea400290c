import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { seriesSince } from './system-samples';

export const SERIES_HOURS = [1, 6, 24] as const;

const ms = z.number().nullable();
export const systemSeries = z.object({
  hours: z.number(),
  points: z.array(z.object({
    /** the minute (epoch ms) */
    t: z.number(),
    exchangeRequests: z.number(), exchangeErrors: z.number(), exchangeP99Ms: ms,
    orderSubmits: z.number(), orderErrors: z.number(),
    dbProbeP99Ms: ms, dbStatementP99Ms: ms, loopLagP99Ms: ms, loopLagMaxMs: ms,
  })),
});
export type SystemSeries = z.infer<typeof systemSeries>;
type Point = SystemSeries['points'][number];

/** One point per minute that has a window (gaps stay gaps: the worker was down). */
export async function readSystemSeries(db: Db, now: Date, hours: number): Promise<SystemSeries> {
  const rows = await seriesSince(db, new Date(now.getTime() - hours * 3_600_000));
  const points = new Map<number, Point>();
  for (const r of rows) {
    const t = r.t.getTime();
    const p = points.get(t) ?? { t, exchangeRequests: 0, exchangeErrors: 0, exchangeP99Ms: null, orderSubmits: 0, orderErrors: 0,
      dbProbeP99Ms: null, dbStatementP99Ms: null, loopLagP99Ms: null, loopLagMaxMs: null };
    points.set(t, p);
    const p99 = r.p99Us / 1000;
    if (r.name === 'exchange_request') Object.assign(p, { exchangeRequests: r.count, exchangeErrors: r.errors, exchangeP99Ms: p99 });
    else if (r.name === 'order_submit') Object.assign(p, { orderSubmits: r.count, orderErrors: r.errors });
    else if (r.name === 'loop_lag') Object.assign(p, { loopLagP99Ms: p99, loopLagMaxMs: r.maxUs / 1000 });
    else if (r.label === 'probe') p.dbProbeP99Ms = p99;
    else if (r.label === 'statement') p.dbStatementP99Ms = p99;
  }
  return { hours, points: [...points.values()].sort((a, b) => a.t - b.t) };
}
