import type { Registry } from 'prom-client';
import type { Db } from '@/adapters/db/client';
import { orderSuccessByVenue } from '@/server/services/system/order-success';
import { combineWindows } from '@/domain/metrics/combine-windows';
import { latestWindows, type SampleRow } from '@/server/services/system/system-samples';
import { gaugeIn } from './gauge';

/** windows older than this are a worker that stopped writing: not exported (the window age says so) */
const FRESH_MS = 5 * 60_000;
const QUANTILES = [['0.5', 'p50Us'], ['0.99', 'p99Us'], ['1', 'maxUs']] as const;

/**
 * One row per worker, name and label: the accounts' rows of one window combined (counts and
 * errors summed, p50 request-weighted, p99 and max the worst), so the exported series stay
 * per endpoint whatever number of keys made the requests.
 */
function perEndpoint(rows: readonly SampleRow[]): SampleRow[] {
  const groups = new Map<string, SampleRow[]>();
  for (const r of rows) {
    const key = `${r.workerId}\0${r.name}\0${r.label}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    if (rs.length === 1) return rs[0]!;
    const c = combineWindows(rs, 0);
    const at = new Date(Math.max(...rs.map((r) => r.at.getTime())));
    return { ...rs[0]!, accountId: null, at, windowMs: Math.max(...rs.map((r) => r.windowMs)), count: c.count, errors: c.errors, p50Us: c.p50Us, p99Us: c.p99Us, maxUs: c.maxUs };
  });
}

/**
 * The worker's system metrics (docs/monitoring.md): each series' newest one-minute window
 * as gauges (duration quantiles in seconds, requests and errors per minute), the loop lag,
 * the age of the newest window, and order execution success over 24 h from the Order table.
 * Gauges, not counters: a window is a fresh measurement, not a running total.
 */
export function registerSystemGauges(r: Registry) {
  const g = gaugeIn(r);
  const family = (prefix: string, what: string, key: string) => ({
    key,
    duration: g(`sentinel_${prefix}_duration_seconds`, `${what} duration in the newest one-minute window, by quantile (1 = the slowest)`, ['worker', key, 'quantile']),
    rate: g(`sentinel_${prefix}s_per_minute`, `${what}s per minute in the newest one-minute window`, ['worker', key]),
    errors: g(`sentinel_${prefix}_errors_per_minute`, `failed ${what}s per minute in the newest one-minute window`, ['worker', key]),
  });
  const families = {
    exchange_request: family('exchange_request', 'exchange request (network error, time-out or HTTP >= 400 fails)', 'endpoint'),
    order_submit: family('order_submit', 'order submission (refused or left unknown fails)', 'purpose'),
    db_query: family('db_query', 'database query (kind probe: SELECT 1 each heartbeat; statement: every SQL statement of the worker)', 'kind'),
  };
  const loopLag = g('sentinel_event_loop_lag_seconds', 'worker event loop delay in the newest one-minute window, by quantile (1 = the longest)', ['worker', 'quantile']);
  const windowAge = g('sentinel_system_metrics_window_age_seconds', 'seconds since the newest system metrics window of the worker ended', ['worker']);
  const success = g('sentinel_order_success_ratio', 'orders accepted by the broker / (accepted + refused), orders created in the last 24 h', ['venue']);
  const orders = g('sentinel_orders_last_24h', 'orders created in the last 24 h that reached the broker, by outcome', ['venue', 'outcome']);

  return async (db: Db, now: Date) => {
    const newest = new Map<string, number>();
    for (const w of perEndpoint(await latestWindows(db, new Date(now.getTime() - FRESH_MS)))) {
      newest.set(w.workerId, Math.max(newest.get(w.workerId) ?? 0, w.at.getTime()));
      if (w.name === 'loop_lag') {
        for (const [quantile, k] of QUANTILES) loopLag.set({ worker: w.workerId, quantile }, w[k] / 1e6);
        continue;
      }
      // the subset names (exchange_auth_error, order_rejected) feed the API anomaly rules and their alerts, not gauges
      if (!(w.name in families)) continue;
      const f = families[w.name as keyof typeof families];
      const labels = { worker: w.workerId, [f.key]: w.label };
      for (const [quantile, k] of QUANTILES) f.duration.set({ ...labels, quantile }, w[k] / 1e6);
      f.rate.set(labels, (w.count * 60_000) / w.windowMs);
      f.errors.set(labels, (w.errors * 60_000) / w.windowMs);
    }
    for (const [worker, at] of newest) windowAge.set({ worker }, (now.getTime() - at) / 1000);
    const s = await orderSuccessByVenue(db, now);
    for (const [venue, x] of [['exchange', s.exchange], ['paper', s.paper]] as const) {
      if (x.ratio !== null) success.set({ venue }, x.ratio);
      orders.set({ venue, outcome: 'accepted' }, x.accepted);
      orders.set({ venue, outcome: 'refused' }, x.refused);
    }
  };
}
