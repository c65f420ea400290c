import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { SystemMetricWindows, windowEndAfter, type WindowSummary } from '@/domain/metrics/system-metric-windows';

export interface SystemMetricsOptions {
  workerId: string;
  now: () => Date;
  /** the recorder the worker's hooks report to (the database statement timer is wired before this starts); a new one if absent */
  recorder?: SystemMetricWindows;
  /** how often the database is probed with `SELECT 1` (main.ts: the heartbeat interval) */
  probeEveryMs: number;
  windowMs?: number;
  retentionMs?: number;
  pruneEveryMs?: number;
  /** rows kept for the next flush while the database cannot take them (the oldest go first) */
  maxPendingRows?: number;
  /**
   * Told after a window is written: its end and the trading accounts it holds rows for (the
   * API anomaly rules judge them then). Its failure is logged, never the write's.
   */
  onWritten?: (at: Date, accountIds: string[]) => Promise<void>;
}

type SampleRow = WindowSummary & { at: Date; windowMs: number; workerId: string };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** monitorEventLoopDelay samples every 10 ms and reports the whole interval: the lag is what exceeds it */
const LAG_RESOLUTION_MS = 10;

/** The event loop's delay over the window, as a loop_lag summary (µs beyond the sampling interval); null without samples. */
function drainLoopLag(h: IntervalHistogram): WindowSummary | null {
  if (h.count === 0) return null;
  const lagUs = (ns: number) => Math.max(0, Math.round((ns - LAG_RESOLUTION_MS * 1e6) / 1000));
  const s: WindowSummary = { name: 'loop_lag', label: '', count: h.count, errors: 0, p50Us: lagUs(h.percentile(50)), p99Us: lagUs(h.percentile(99)), maxUs: lagUs(h.max) };
  h.reset();
  return s;
}

/**
 * The worker's system metrics (issue 9, item 1): what the hooks record (exchange requests,
 * order submissions, every database statement), a `SELECT 1` probe each heartbeat and the
 * event loop's delay, summarised per one-minute window (aligned to the clock's minutes)
 * and written as SystemMetricSample rows in one INSERT per window. A window the database
 * cannot take is kept and written with the next one; samples older than `retentionMs`
 * (7 days) are deleted hourly. Stopping writes the partial last window.
 */
export function startSystemMetrics(db: Db, log: Logger, o: SystemMetricsOptions) {
  const recorder = o.recorder ?? new SystemMetricWindows();
  const windowMs = o.windowMs ?? MINUTE_MS;
  const retentionMs = o.retentionMs ?? 7 * DAY_MS;
  const maxPending = o.maxPendingRows ?? 5000;
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
  let windowStart = o.now().getTime();
  let pending: SampleRow[] = [];
  let isFailing = false;
  let isRunning = true;
  let flushTimer: NodeJS.Timeout | undefined;

  // a probe still waiting is itself the measurement: never pile up more (a caller shares the one in flight)
  let probing: Promise<void> | null = null;
  const probe = () => {
    probing ??= (async () => {
      const started = performance.now();
      try {
        await db.$queryRaw`SELECT 1`;
        recorder.record('db_query', 'probe', (performance.now() - started) * 1000, false);
      } catch {
        recorder.record('db_query', 'probe', (performance.now() - started) * 1000, true);
      }
    })().finally(() => { probing = null; });
    return probing;
  };

  const tellWritten = async (at: Date, batch: readonly SampleRow[]) => {
    if (!o.onWritten) return;
    try {
      await o.onWritten(at, [...new Set(batch.flatMap((r) => (r.accountId ? [r.accountId] : [])))]);
    } catch (e) {
      log.warn({ component: 'metrics', err: (e as Error).message }, 'after-write step failed; the next window retries');
    }
  };

  /** Close the window at `atMs` and write it (with any window a failed write left behind); the rows written. */
  const flush = async (atMs = o.now().getTime()): Promise<number> => {
    const summaries = recorder.drain();
    const loop = drainLoopLag(lag);
    if (loop) summaries.push(loop);
    const at = new Date(atMs);
    const span = Math.max(1, atMs - windowStart);
    windowStart = atMs;
    pending.push(...summaries.map((s) => ({ at, windowMs: span, workerId: o.workerId, ...s })));
    if (pending.length > maxPending) pending = pending.slice(-maxPending);
    const batch = pending;
    pending = [];
    if (!batch.length) return 0;
    try {
      await db.systemMetricSample.createMany({ data: batch });
      if (isFailing) log.info({ component: 'metrics', rows: batch.length }, 'system metrics written again');
      isFailing = false;
      await tellWritten(at, batch);
      return batch.length;
    } catch (e) {
      pending = [...batch, ...pending].slice(-maxPending);
      if (!isFailing) log.warn({ component: 'metrics', err: (e as Error).message, kept: pending.length }, 'system metrics write failed; kept for the next window');
      isFailing = true;
      return 0;
    }
  };

  const prune = async (): Promise<number> => {
    try {
      return (await db.systemMetricSample.deleteMany({ where: { at: { lt: new Date(o.now().getTime() - retentionMs) } } })).count;
    } catch (e) {
      log.warn({ component: 'metrics', err: (e as Error).message }, 'system metrics retention failed; next hour retries');
      return 0;
    }
  };

  // each timer aims at the next whole window; a late one still closes the window it aimed at
  const scheduleFlush = (after: number) => {
    const nowMs = o.now().getTime();
    const end = windowEndAfter(Math.max(nowMs, after), windowMs);
    flushTimer = setTimeout(() => { void flush(end).finally(() => { if (isRunning) scheduleFlush(end); }); }, end - nowMs);
  };
  scheduleFlush(windowStart);
  const probeTimer = setInterval(() => void probe(), o.probeEveryMs);
  const pruneTimer = setInterval(() => void prune(), o.pruneEveryMs ?? 3_600_000);
  void probe();
  void prune();

  return {
    recorder,
    probe,
    flush,
    prune,
    async stop() {
      isRunning = false;
      clearTimeout(flushTimer);
      clearInterval(probeTimer);
      clearInterval(pruneTimer);
      await flush();
      lag.disable();
    },
  };
}
