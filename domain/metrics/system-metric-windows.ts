import { LatencyHistogram } from './latency-histogram';

/**
 * The worker's system metrics, aggregated per one-minute window before they are written
 * (one SystemMetricSample row per name, label and trading account): latency quantiles,
 * counts and errors. `exchange_auth_error` and `order_rejected` are subsets of
 * `exchange_request` and `order_submit` (each is also counted there as an error), kept as
 * names of their own so the API anomaly rules (domain/security/api-anomaly.ts) can count
 * them per key, and readers that sum requests or submissions never count one twice.
 */
export type SystemMetricName = 'exchange_request' | 'order_submit' | 'db_query' | 'loop_lag' | 'exchange_auth_error' | 'order_rejected';

/** What the live code is handed to report through: a recorder, or a test's spy. */
export interface SystemMetricSink {
  /** `accountId`: the trading account whose exchange key made the request (exchange_request, order_submit and their subsets) */
  record(name: SystemMetricName, label: string, durationUs: number, isError: boolean, accountId?: string | null): void;
}

/** `accountId` is present only for a series recorded for an account (the row's column stays null otherwise). */
export interface WindowSummary { name: SystemMetricName; label: string; accountId?: string; count: number; errors: number; p50Us: number; p99Us: number; maxUs: number }

/** the label that takes every new one past the cap: a path with ids in it must not grow the table without bound */
export const OVERFLOW_LABEL = 'other';

interface Series { name: SystemMetricName; label: string; accountId: string; hist: LatencyHistogram; errors: number }

export class SystemMetricWindows implements SystemMetricSink {
  private series = new Map<string, Series>();
  /** labels open per name and account: the cap applies to each account's series apart, so one key's paths cannot crowd out another's */
  private labelsOf = new Map<string, number>();

  constructor(private readonly maxLabelsPerName = 100) {}

  record(name: SystemMetricName, label: string, durationUs: number, isError: boolean, accountId?: string | null): void {
    const account = accountId ?? '';
    const s = this.series.get(`${name}\0${account}\0${label}`) ?? this.open(name, label, account);
    s.hist.record(durationUs);
    if (isError) s.errors += 1;
  }

  private open(name: SystemMetricName, label: string, accountId: string): Series {
    const capKey = `${name}\0${accountId}`;
    const n = this.labelsOf.get(capKey) ?? 0;
    if (n >= this.maxLabelsPerName && label !== OVERFLOW_LABEL) {
      return this.series.get(`${capKey}\0${OVERFLOW_LABEL}`) ?? this.open(name, OVERFLOW_LABEL, accountId);
    }
    const s: Series = { name, label, accountId, hist: new LatencyHistogram(), errors: 0 };
    this.series.set(`${capKey}\0${label}`, s);
    this.labelsOf.set(capKey, n + 1);
    return s;
  }

  /** The window's summaries (name, then account, then label order), and a fresh window from here on. */
  drain(): WindowSummary[] {
    const out = [...this.series.values()]
      .sort((a, b) => a.name.localeCompare(b.name) || a.accountId.localeCompare(b.accountId) || a.label.localeCompare(b.label))
      .map((s): WindowSummary => ({
        name: s.name, label: s.label, ...(s.accountId ? { accountId: s.accountId } : {}),
        count: s.hist.count, errors: s.errors, p50Us: s.hist.quantile(0.5), p99Us: s.hist.quantile(0.99), maxUs: s.hist.max,
      }));
    this.series = new Map();
    this.labelsOf = new Map();
    return out;
  }
}

/** The end of the window holding `nowMs`: windows are aligned to multiples of `windowMs` since the epoch (whole minutes). */
export function windowEndAfter(nowMs: number, windowMs: number): number {
  return Math.floor(nowMs / windowMs) * windowMs + windowMs;
}

/** "GET /api/v3/klines" from ccxt's method and URL: no scheme, host or query, so one endpoint is one label. */
export function endpointLabel(method: string | undefined, url: string): string {
  const afterHost = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '');
  const path = afterHost.split(/[?#]/, 1)[0] || '/';
  return `${(method ?? 'GET').toUpperCase()} ${path}`;
}
