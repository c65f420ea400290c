import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { combineWindows } from '@/domain/metrics/combine-windows';
import { workerLiveness } from '@/domain/workers/worker-liveness';
import { orderSuccessByVenue, ORDER_SUCCESS_WINDOW_MS } from './order-success';
import { windowsSince, type SampleRow } from './system-samples';

const HOUR_MS = 3_600_000;
/** a worker whose last beat is older than this is history, not a worker to show */
const SHOW_WORKERS_FOR_MS = 24 * HOUR_MS;

const combined = z.object({ count: z.number(), errors: z.number(), perMinute: z.number(), errorRatio: z.number(), p50Us: z.number(), p99Us: z.number(), maxUs: z.number() });
const latest = z.object({ at: z.date(), count: z.number(), errors: z.number(), p50Us: z.number(), p99Us: z.number(), maxUs: z.number() });
const success = z.object({ accepted: z.number(), refused: z.number(), ratio: z.number().nullable() });

export const systemView = z.object({
  now: z.date(),
  workers: z.array(z.object({
    workerId: z.string(), hostname: z.string(), mode: z.string(), version: z.string(), startedAt: z.date(), lastBeatAt: z.date(), ageMs: z.number(),
    liveness: z.enum(['alive', 'stale', 'stopped']),
    /** how late the heartbeat timer fired at the last beat */
    beatLagMs: z.number(),
    /** the event loop's delay over the newest window (monitorEventLoopDelay) */
    loopLag: latest.nullable(),
    rssBytes: z.number().nullable(),
  })),
  /** the newest window written, any worker */
  lastWindowAt: z.date().nullable(),
  /** the time the hour's windows span, first start to last end (less than an hour just after a start) */
  coveredMs: z.number(),
  exchange: z.array(combined.extend({ endpoint: z.string() })),
  orders: z.array(combined.extend({ purpose: z.string() })),
  db: z.object({ probe: latest.nullable(), statement: latest.nullable(), probeHour: combined.nullable(), statementHour: combined.nullable() }),
  orderSuccess: z.object({ windowMs: z.number(), exchange: success, paper: success }),
});
export type SystemView = z.infer<typeof systemView>;

const pick = ({ at, count, errors, p50Us, p99Us, maxUs }: SampleRow) => ({ at, count, errors, p50Us, p99Us, maxUs });

/** Rows of one name grouped by label, each label's hour combined; busiest first. */
function byLabel(rows: readonly SampleRow[], name: SampleRow['name'], coveredMs: number) {
  const groups = new Map<string, SampleRow[]>();
  for (const r of rows) if (r.name === name) groups.set(r.label, [...(groups.get(r.label) ?? []), r]);
  return [...groups].map(([label, rs]) => ({ label, ...combineWindows(rs, coveredMs) })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** The System page: worker heartbeats, the last hour per exchange endpoint and order purpose, the database, order success. */
export async function readSystemView(db: Db, now: Date): Promise<SystemView> {
  const [beats, hour, orderSuccess] = await Promise.all([
    db.workerHeartbeat.findMany({ where: { lastBeatAt: { gt: new Date(now.getTime() - SHOW_WORKERS_FOR_MS) } }, orderBy: { lastBeatAt: 'desc' }, take: 20 }),
    windowsSince(db, new Date(now.getTime() - HOUR_MS)),
    orderSuccessByVenue(db, now),
  ]);
  const newest = (name: SampleRow['name'], label: string, workerId?: string) =>
    hour.findLast((r) => r.name === name && r.label === label && (workerId === undefined || r.workerId === workerId));
  // the span the windows cover (first start to last end), not up to now: between two windows the rate must not sag
  const coveredMs = hour.length ? Math.max(...hour.map((r) => r.at.getTime())) - Math.min(...hour.map((r) => r.at.getTime() - r.windowMs)) : 0;
  const dbRows = (label: string) => hour.filter((r) => r.name === 'db_query' && r.label === label);
  const probe = newest('db_query', 'probe');
  const statement = newest('db_query', 'statement');
  return {
    now,
    workers: beats.map((w) => {
      const lag = newest('loop_lag', '', w.workerId);
      const rss = (w.details as { rssBytes?: unknown } | null)?.rssBytes;
      return {
        workerId: w.workerId, hostname: w.hostname, mode: w.mode, version: w.version, startedAt: w.startedAt, lastBeatAt: w.lastBeatAt,
        ageMs: Math.max(0, now.getTime() - w.lastBeatAt.getTime()), liveness: workerLiveness(w, now), beatLagMs: w.loopLagMs,
        loopLag: lag ? pick(lag) : null, rssBytes: typeof rss === 'number' ? rss : null,
      };
    }),
    lastWindowAt: hour.at(-1)?.at ?? null,
    coveredMs,
    exchange: byLabel(hour, 'exchange_request', coveredMs).map(({ label, ...c }) => ({ endpoint: label, ...c })),
    orders: byLabel(hour, 'order_submit', coveredMs).map(({ label, ...c }) => ({ purpose: label, ...c })),
    db: {
      probe: probe ? pick(probe) : null, statement: statement ? pick(statement) : null,
      probeHour: dbRows('probe').length ? combineWindows(dbRows('probe'), coveredMs) : null,
      statementHour: dbRows('statement').length ? combineWindows(dbRows('statement'), coveredMs) : null,
    },
    orderSuccess: { windowMs: ORDER_SUCCESS_WINDOW_MS, ...orderSuccess },
  };
}
