import type { Db } from '@/adapters/db/client';
import { binanceClient } from '@/adapters/exchange/binance';
import type { Logger } from '@/adapters/logging/logger';
import type { SystemMetricSink } from '@/domain/metrics/system-metric-windows';
import { monitorIntervalMs } from '@/domain/control/monitor-interval';
import { startAdaptiveLoop } from '@/worker/adaptive-loop';
import { ExchangeHealth } from './exchange-health';
import { createKeyRefresher } from './key-refresh';
import { LiveRunner, type LiveOptions } from './live-runner';
import { isFenced } from '@/worker/leases/fence';

export interface LiveLoopOptions extends LiveOptions {
  /** the ACTIVE key at start; each pass picks up a rotated one (worker/live/key-refresh.ts) */
  credentials: { id: string; keyLast4: string; apiKey: string; secret: string };
  /** SENTINEL_ENCRYPTION_KEY: to open a rotated key */
  encryptionKey: string;
  intervalMs: number;
  /** the pass interval while this account is in extreme market mode (MONITOR more often) */
  extremeIntervalMs: number;
  /** no successful exchange call for this long: connectivity lost (critical alert, entries paused) */
  lostAfterMs: number;
  /** ccxt's per-request time-out */
  timeoutMs: number;
  /** the worker's system metrics: every exchange request and order submission of this account is reported to it */
  metrics?: SystemMetricSink;
}

/**
 * The account's metric hooks: every series is recorded under the account (one exchange key
 * per account), so the API anomaly rules judge each key apart; auth refusals and refused
 * orders are also counted under their own names (docs/monitoring.md).
 */
export function accountMetricHooks(m: SystemMetricSink, accountId: string) {
  return {
    onRequest: (endpoint: string, us: number, isError: boolean, isAuthError: boolean) => {
      m.record('exchange_request', endpoint, us, isError, accountId);
      if (isAuthError) m.record('exchange_auth_error', endpoint, us, true, accountId);
    },
    onSubmitted: (purpose: string, us: number, isError: boolean, isRejected?: boolean) => {
      m.record('order_submit', purpose, us, isError, accountId);
      if (isRejected) m.record('order_rejected', purpose, us, true, accountId);
    },
  };
}

/**
 * Drives one account's live trading: a pass every `intervalMs` (`extremeIntervalMs` while
 * the account is in extreme market mode), one at a time. Until the
 * runner opens (markets and candles loaded, books read) nothing is traded, and the
 * exchange's silence is still watched, so an outage at start-up raises the same alert. A
 * failed pass drops the runner; the next one rebuilds it from PostgreSQL and reconciles
 * with the exchange before any entry.
 */
export function startLiveLoop(db: Db, log: Logger, o: LiveLoopOptions) {
  const health = new ExchangeHealth(db, o.accountId, o.exchange, o.lostAfterMs, () => o.now().getTime());
  const m = o.metrics;
  const ex = health.attach(binanceClient(o.exchangeUrl, { apiKey: o.credentials.apiKey, secret: o.credentials.secret }), m && accountMetricHooks(m, o.accountId).onRequest);
  const refreshKey = createKeyRefresher(db, log, { accountId: o.accountId, encryptionKey: o.encryptionKey, credentialId: o.credentials.id, keyLast4: o.credentials.keyLast4, now: o.now });
  ex.timeout = o.timeoutMs;
  const opts: LiveOptions = { ...o, submit: { ...o.submit, fence: o.fence, ...(m ? { onSubmitted: accountMetricHooks(m, o.accountId).onSubmitted } : {}) } };
  let runner: LiveRunner | null = null;
  let failure: string | null = null;
  let isExtremeMode = false;
  let isFencedOut = false;
  const run = async () => {
    if (isFencedOut) return;
    try {
      // a worker paused past its lease sends nothing: another worker may own the account now
      o.fence?.assertHeld();
      // a key rotated in Settings signs this pass's requests already
      await refreshKey(ex);
      await health.tick();
      if (!runner) {
        runner = await LiveRunner.open(db, ex, health, log, opts);
        log.info({ component: 'live', accountId: o.accountId, exchange: o.exchangeUrl, symbols: o.symbols, positions: runner.state.positions.length, pending: runner.state.pending.length },
          'live trading resumed from the database: reconciling with the exchange before any entry');
      }
      const r = await runner.tick();
      if (r.candles || r.entries || r.closed) log.info({ component: 'live', accountId: o.accountId, ...r, cash: runner.state.cash }, 'live pass');
      if (failure) log.info({ component: 'live', accountId: o.accountId }, 'live pass succeeded again');
      failure = null;
    } catch (e) {
      if (isFenced(e)) {
        isFencedOut = true;
        runner = null;
        void loop.stop();
        log.error({ component: 'live', accountId: o.accountId, err: (e as Error).message }, 'account lease lost: live trading of this account stopped on this worker');
        return;
      }
      const msg = (e as Error).message;
      if (msg !== failure) log.warn({ component: 'live', accountId: o.accountId, err: msg }, 'live pass failed; rebuilding from the database and the exchange');
      failure = msg;
      runner = null;
      // the dashboard still learns the exchange's state when the runner cannot open (the exchange down at start-up)
      await db.liveSync.updateMany({ where: { accountId: o.accountId }, data: { ...health.row, lastError: health.state.lastError ?? msg.slice(0, 300) } }).catch(() => undefined);
    }
    // the next pass's interval: read each pass, so switching extreme mode takes effect within one
    const rs = await db.riskState.findUnique({ where: { accountId: o.accountId }, select: { isExtremeMode: true } }).catch(() => null);
    if (rs) isExtremeMode = rs.isExtremeMode;
  };
  const loop = startAdaptiveLoop(run, () => monitorIntervalMs(isExtremeMode, { normalMs: o.intervalMs, extremeMs: o.extremeIntervalMs }), { firstDelayMs: o.intervalMs });
  return {
    health,
    stop: () => loop.stop(),
  };
}
