import type { Db } from '@/adapters/db/client';
import type { SystemMetricName } from '@/domain/metrics/system-metric-windows';

/**
 * Reads of the SystemMetricSample rows the worker writes once a minute (worker/metrics):
 * the newest window of each series (for /api/metrics and the System page's "now"), every
 * window of the last hour, and per-minute series for the charts. `at` is a UTC timestamp
 * without zone, so bounds are passed as ISO text and read back in UTC.
 */
type Reader = Pick<Db, 'systemMetricSample' | '$queryRaw'>;

export interface SampleRow {
  /** the trading account whose key made the requests (exchange_request, order_submit and their subsets); null for the others */
  workerId: string; accountId: string | null; name: SystemMetricName; label: string; at: Date; windowMs: number;
  count: number; errors: number; p50Us: number; p99Us: number; maxUs: number;
}

const SELECT = { workerId: true, accountId: true, name: true, label: true, at: true, windowMs: true, count: true, errors: true, p50Us: true, p99Us: true, maxUs: true } as const;

/** Every window that ended after `since`, oldest first. */
export async function windowsSince(db: Reader, since: Date): Promise<SampleRow[]> {
  return (await db.systemMetricSample.findMany({ where: { at: { gt: since } }, orderBy: { at: 'asc' }, select: SELECT })) as SampleRow[];
}

/**
 * The newest window of each worker, name, label and account that ended after `since` (a few
 * windows back: a worker that stopped writing drops out rather than exporting old figures
 * forever). Two accounts' rows for one endpoint are two rows: the caller combines them.
 */
export async function latestWindows(db: Reader, since: Date): Promise<SampleRow[]> {
  const newest = new Map<string, SampleRow>();
  for (const r of (await windowsSince(db, since)).reverse()) {
    const key = `${r.workerId}\0${r.name}\0${r.label}\0${r.accountId ?? ''}`;
    if (!newest.has(key)) newest.set(key, r);
  }
  return [...newest.values()];
}

export interface SeriesRow { t: Date; name: SystemMetricName; label: string; count: number; errors: number; p99Us: number; maxUs: number }

/**
 * Per-minute totals since `since` for the charts, all workers and accounts together:
 * exchange requests and order submissions summed over their labels (p99 the worst label's),
 * the database per label (probe, statement), the loop lag as it is. The subset names
 * (exchange_auth_error, order_rejected) are left out: they are already counted as errors.
 */
export async function seriesSince(db: Reader, since: Date): Promise<SeriesRow[]> {
  return db.$queryRaw<SeriesRow[]>`
    SELECT date_trunc('minute', at) AS t, name, CASE WHEN name = 'db_query' THEN label ELSE '' END AS label,
      sum(count)::float8 AS count, sum(errors)::float8 AS errors, max("p99Us")::float8 AS "p99Us", max("maxUs")::float8 AS "maxUs"
    FROM "SystemMetricSample"
    WHERE at > (${since.toISOString()}::timestamptz AT TIME ZONE 'UTC') AND name IN ('exchange_request', 'order_submit', 'db_query', 'loop_lag')
    GROUP BY 1, 2, 3 ORDER BY 1`;
}
