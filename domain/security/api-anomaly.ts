/**
 * API usage anomaly rules (issue 10, "Security" item 4): per trading account (one exchange
 * key each), the newest one-minute window of exchange traffic is compared with the
 * account's own recent baseline, and a jump is an alert.
 *
 * The baseline of a measure is the median and the MAD (median absolute deviation) of the
 * previous `baselineWindows` full windows: robust, so one earlier burst in the baseline
 * neither hides the next one nor raises the bar for an hour. Counts per minute are noisy
 * even when traffic is regular (about √mean, as for any count), and a quiet key has a MAD
 * of 0, so the spread is never taken below √median nor below 1:
 *
 *   spread = max(1.4826 × MAD, √median, 1)
 *   fires when   current > median + threshold × spread   and current ≥ minEvents
 *   clears when  current ≤ median + threshold / 2 × spread, or current < minEvents
 *
 * Between the two an open alert stays open and no new one opens (hysteresis: a rate
 * hovering at the line does not flap). With fewer than `minHistoryWindows` full windows of
 * history a rate rule never fires: "not enough history" is not an anomaly.
 *
 * Authentication errors are the exception: a working key gets none, ever, so no baseline is
 * needed. `authErrorBurst` of them in one window fire at once, from the first minute of
 * history; the alert clears after a window without any.
 *
 * Pure: the windows and the clock come in as parameters.
 */

export const API_ANOMALY_KINDS = ['REQUEST_RATE', 'ORDER_BURST', 'AUTH_ERRORS', 'REJECTED_ORDERS', 'ERROR_RATE'] as const;
export type ApiAnomalyKind = (typeof API_ANOMALY_KINDS)[number];

/** One account's one-minute window: every exchange request of its key and every order it submitted. */
export interface ApiUsageWindow {
  /** the window's end (epoch ms) */
  at: number;
  windowMs: number;
  requests: number;
  /** failed requests of any kind, auth refusals included */
  errors: number;
  /** requests the exchange refused for the key itself (HTTP 401/403, bad key or signature) */
  authErrors: number;
  orders: number;
  /** orders the exchange refused outright */
  rejected: number;
}

export interface ApiAnomalyConfig {
  /** how many previous full windows make the baseline (60: the last hour) */
  baselineWindows: number;
  /** fewer full windows of history than this: the rate rules do not judge */
  minHistoryWindows: number;
  /** how many spreads above the median a rate must be to fire */
  threshold: number;
  /** authentication errors in one window that fire, with or without history */
  authErrorBurst: number;
  /** a rate rule never fires on fewer events than this in the window */
  minEvents: number;
}

export const DEFAULT_API_ANOMALY_CONFIG: ApiAnomalyConfig = { baselineWindows: 60, minHistoryWindows: 30, threshold: 6, authErrorBurst: 3, minEvents: 5 };

/**
 * CRITICAL where money or the key is at stake: an order burst is a runaway loop or someone
 * else trading the account (every minute of it spends capital and fees), and auth errors
 * mean the key was revoked, restricted to other IPs or its secret is wrong, so no stop can
 * be placed or moved. WARNING for the rest: requests, errors and refusals move no money,
 * though a request surge is how a key earns a rate-limit ban.
 */
export const API_ANOMALY_SEVERITY: Record<ApiAnomalyKind, 'WARNING' | 'CRITICAL'> = {
  REQUEST_RATE: 'WARNING', ORDER_BURST: 'CRITICAL', AUTH_ERRORS: 'CRITICAL', REJECTED_ORDERS: 'WARNING', ERROR_RATE: 'WARNING',
};

const WHAT: Record<ApiAnomalyKind, string> = {
  REQUEST_RATE: 'exchange requests/min', ORDER_BURST: 'orders placed/min', AUTH_ERRORS: 'authentication errors in one minute',
  REJECTED_ORDERS: 'orders rejected/min', ERROR_RATE: 'failed exchange requests/min (auth errors apart)',
};

/** a window shorter than this (the first after a start, the last before a stop) is too short to judge a rate from */
export const MIN_JUDGED_WINDOW_MS = 30_000;
/** the newest window must have ended this recently to be judged; older: the key is idle */
const FRESH_MS = 150_000;
/** MAD × 1.4826 estimates the standard deviation of normally distributed data */
const MAD_TO_SD = 1.4826;

export interface Baseline { median: number; mad: number; spread: number; fireAbove: number; clearAtOrBelow: number }

export type AnomalyAction = 'raise' | 'resolve' | 'hold';

export interface KindVerdict {
  kind: ApiAnomalyKind;
  /** per minute (AUTH_ERRORS: the count in the window) */
  current: number;
  baseline: Baseline | null;
  isAnomalous: boolean;
  action: AnomalyAction;
}

export type ApiUsageState = 'normal' | 'anomalous' | 'not_enough_history' | 'idle';

export interface ApiUsageVerdict {
  state: ApiUsageState;
  /** the judged window's end (epoch ms); null when idle */
  windowAt: number | null;
  /** full windows in the baseline */
  history: number;
  kinds: KindVerdict[];
}

export function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The median and MAD of `values`, and the lines a current value is judged against. */
export function baselineOf(values: readonly number[], cfg: Pick<ApiAnomalyConfig, 'threshold'>): Baseline {
  const m = median(values);
  const mad = median(values.map((v) => Math.abs(v - m)));
  const spread = Math.max(MAD_TO_SD * mad, Math.sqrt(m), 1);
  return { median: m, mad, spread, fireAbove: m + cfg.threshold * spread, clearAtOrBelow: m + (cfg.threshold / 2) * spread };
}

const perMinute = (n: number, w: ApiUsageWindow) => (n * 60_000) / w.windowMs;

/** The measure each rate rule reads from a window, per minute. Auth errors are left out of ERROR_RATE: they have their own rule. */
const RATE_MEASURES: Record<Exclude<ApiAnomalyKind, 'AUTH_ERRORS'>, (w: ApiUsageWindow) => number> = {
  REQUEST_RATE: (w) => perMinute(w.requests, w),
  ORDER_BURST: (w) => perMinute(w.orders, w),
  REJECTED_ORDERS: (w) => perMinute(w.rejected, w),
  ERROR_RATE: (w) => perMinute(Math.max(0, w.errors - w.authErrors), w),
};
const EVENTS: Record<Exclude<ApiAnomalyKind, 'AUTH_ERRORS'>, (w: ApiUsageWindow) => number> = {
  REQUEST_RATE: (w) => w.requests, ORDER_BURST: (w) => w.orders, REJECTED_ORDERS: (w) => w.rejected, ERROR_RATE: (w) => Math.max(0, w.errors - w.authErrors),
};

function judgeRate(kind: Exclude<ApiAnomalyKind, 'AUTH_ERRORS'>, current: ApiUsageWindow, history: readonly ApiUsageWindow[], cfg: ApiAnomalyConfig, isOpen: boolean): KindVerdict {
  const value = RATE_MEASURES[kind](current);
  const isJudgeable = current.windowMs >= MIN_JUDGED_WINDOW_MS && history.length >= cfg.minHistoryWindows;
  if (!isJudgeable) {
    // too little to judge: nothing opens; an open alert waits for a window that can clear it
    return { kind, current: value, baseline: history.length ? baselineOf(history.map(RATE_MEASURES[kind]), cfg) : null, isAnomalous: false, action: 'hold' };
  }
  const b = baselineOf(history.map(RATE_MEASURES[kind]), cfg);
  const hasEnoughEvents = EVENTS[kind](current) >= cfg.minEvents;
  const isAbove = hasEnoughEvents && value > b.fireAbove;
  const isBack = !hasEnoughEvents || value <= b.clearAtOrBelow;
  const action: AnomalyAction = isAbove ? 'raise' : isBack ? 'resolve' : 'hold';
  return { kind, current: value, baseline: b, isAnomalous: isAbove || (isOpen && action === 'hold'), action };
}

function judgeAuth(current: ApiUsageWindow, cfg: ApiAnomalyConfig, isOpen: boolean): KindVerdict {
  const n = current.authErrors;
  const action: AnomalyAction = n >= cfg.authErrorBurst ? 'raise' : n === 0 ? 'resolve' : 'hold';
  return { kind: 'AUTH_ERRORS', current: n, baseline: null, isAnomalous: action === 'raise' || (isOpen && action === 'hold'), action };
}

/**
 * Judge one account's newest window against its baseline. `windows`: the account's windows
 * of the last `baselineWindows` minutes and more, any order; `open`: the kinds with an alert
 * open now (for the hysteresis). No window in the last 2.5 minutes: idle, every alert clears.
 */
export function judgeApiUsage(windows: readonly ApiUsageWindow[], nowMs: number, cfg: ApiAnomalyConfig, open: ReadonlySet<ApiAnomalyKind> = new Set()): ApiUsageVerdict {
  const sorted = [...windows].filter((w) => w.at <= nowMs && w.windowMs > 0).sort((a, b) => a.at - b.at);
  const current = sorted.at(-1);
  if (!current || nowMs - current.at > FRESH_MS) {
    return { state: 'idle', windowAt: null, history: 0, kinds: API_ANOMALY_KINDS.map((kind) => ({ kind, current: 0, baseline: null, isAnomalous: false, action: 'resolve' })) };
  }
  const history = sorted.slice(0, -1).filter((w) => w.windowMs >= MIN_JUDGED_WINDOW_MS).slice(-cfg.baselineWindows);
  const kinds = API_ANOMALY_KINDS.map((kind) => (kind === 'AUTH_ERRORS' ? judgeAuth(current, cfg, open.has(kind)) : judgeRate(kind, current, history, cfg, open.has(kind))));
  const state: ApiUsageState = kinds.some((k) => k.isAnomalous) ? 'anomalous' : history.length < cfg.minHistoryWindows ? 'not_enough_history' : 'normal';
  return { state, windowAt: current.at, history: history.length, kinds };
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The alert's message for a kind that fired, with the figures it was judged on. */
export function anomalyMessage(accountName: string, v: KindVerdict): string {
  if (v.kind === 'AUTH_ERRORS') {
    return `${accountName}: ${v.current} ${WHAT.AUTH_ERRORS}: the exchange is refusing the API key (revoked, IP-restricted or a wrong secret), or someone is probing with it`;
  }
  const b = v.baseline!;
  return `${accountName}: ${fmt(v.current)} ${WHAT[v.kind]} against a baseline median of ${fmt(b.median)} (alert above ${fmt(b.fireAbove)})`;
}

/** The rules' configuration from the environment's API_ANOMALY_* fields (adapters/config/env.ts); the history never asked longer than the baseline. */
export function apiAnomalyConfigFrom(env: {
  API_ANOMALY_BASELINE_MINUTES: number; API_ANOMALY_MIN_HISTORY_MINUTES: number; API_ANOMALY_THRESHOLD: number; API_ANOMALY_AUTH_ERRORS: number; API_ANOMALY_MIN_EVENTS: number;
}): ApiAnomalyConfig {
  return {
    baselineWindows: env.API_ANOMALY_BASELINE_MINUTES, minHistoryWindows: Math.min(env.API_ANOMALY_MIN_HISTORY_MINUTES, env.API_ANOMALY_BASELINE_MINUTES),
    threshold: env.API_ANOMALY_THRESHOLD, authErrorBurst: env.API_ANOMALY_AUTH_ERRORS, minEvents: env.API_ANOMALY_MIN_EVENTS,
  };
}
