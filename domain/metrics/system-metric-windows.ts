import { LatencyHistogram } from './latency-histogram';

/**
 * The worker's system metrics, aggregated per one-minute window before they are written
 * (one SystemMetricSample row per name and label): latency quantiles, counts and errors.
 */
export type SystemMetricName = 'exchange_request' | 'order_submit' | 'db_query' | 'loop_lag';

/** What the live code is handed to report through: a recorder, or a test's spy. */
export interface SystemMetricSink {
  record(name: SystemMetricName, label: string, durationUs: number, isError: boolean): void;
}

export interface WindowSummary { name: SystemMetricName; label: string; count: number; errors: number; p50Us: number; p99Us: number; maxUs: number }

/** the label that takes every new one past the cap: a path with ids in it must not grow the table without bound */
export const OVERFLOW_LABEL = 'other';

interface Series { name: SystemMetricName; label: string; hist: LatencyHistogram; errors: number }

export class SystemMetricWindows implements SystemMetricSink {
  private series = new Map<string, Series>();
  private labelsOf = new Map<SystemMetricName, number>();

  constructor(private readonly maxLabelsPerName = 100) {}

  record(name: SystemMetricName, label: string, durationUs: number, isError: boolean): void {
    const s = this.series.get(`${name}\0${label}`) ?? this.open(name, label);
    s.hist.record(durationUs);
    if (isError) s.errors += 1;
  }

  private open(name: SystemMetricName, label: string): Series {
    const n = this.labelsOf.get(name) ?? 0;
    if (n >= this.maxLabelsPerName && label !== OVERFLOW_LABEL) {
      return this.series.get(`${name}\0${OVERFLOW_LABEL}`) ?? this.open(name, OVERFLOW_LABEL);
    }
    const s: Series = { name, label, hist: new LatencyHistogram(), errors: 0 };
    this.series.set(`${name}\0${label}`, s);
    this.labelsOf.set(name, n + 1);
    return s;
  }

  /** The window's summaries (name, then label order), and a fresh window from here on. */
  drain(): WindowSummary[] {
    const out = [...this.series.values()]
      .sort((a, b) => a.name.localeCompare(b.name) || a.label.localeCompare(b.label))
      .map((s) => ({ name: s.name, label: s.label, count: s.hist.count, errors: s.errors, p50Us: s.hist.quantile(0.5), p99Us: s.hist.quantile(0.99), maxUs: s.hist.max }));
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
