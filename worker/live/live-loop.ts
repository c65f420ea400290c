import type { Db } from '@/adapters/db/client';
import { binanceClient } from '@/adapters/exchange/binance';
import type { Logger } from '@/adapters/logging/logger';
import { ExchangeHealth } from './exchange-health';
import { LiveRunner, type LiveOptions } from './live-runner';

export interface LiveLoopOptions extends LiveOptions {
  credentials: { apiKey: string; secret: string };
  intervalMs: number;
  /** no successful exchange call for this long: connectivity lost (critical alert, entries paused) */
  lostAfterMs: number;
  /** ccxt's per-request time-out */
  timeoutMs: number;
}

/**
 * Drives one account's live trading: a pass every `intervalMs`, one at a time. Until the
 * runner opens (markets and candles loaded, books read) nothing is traded, and the
 * exchange's silence is still watched, so an outage at start-up raises the same alert. A
 * failed pass drops the runner; the next one rebuilds it from PostgreSQL and reconciles
 * with the exchange before any entry.
 */
export function startLiveLoop(db: Db, log: Logger, o: LiveLoopOptions) {
  const health = new ExchangeHealth(db, o.accountId, o.exchange, o.lostAfterMs, () => o.now().getTime());
  const ex = health.attach(binanceClient(o.exchangeUrl, o.credentials));
  ex.timeout = o.timeoutMs;
  let runner: LiveRunner | null = null;
  let pass: Promise<void> | null = null;
  let failure: string | null = null;
  const run = async () => {
    try {
      await health.tick();
      if (!runner) {
        runner = await LiveRunner.open(db, ex, health, log, o);
        log.info({ component: 'live', accountId: o.accountId, exchange: o.exchangeUrl, symbols: o.symbols, positions: runner.state.positions.length, pending: runner.state.pending.length },
          'live trading resumed from the database: reconciling with the exchange before any entry');
      }
      const r = await runner.tick();
      if (r.candles || r.entries || r.closed) log.info({ component: 'live', accountId: o.accountId, ...r, cash: runner.state.cash }, 'live pass');
      if (failure) log.info({ component: 'live', accountId: o.accountId }, 'live pass succeeded again');
      failure = null;
    } catch (e) {
      const msg = (e as Error).message;
      if (msg !== failure) log.warn({ component: 'live', accountId: o.accountId, err: msg }, 'live pass failed; rebuilding from the database and the exchange');
      failure = msg;
      runner = null;
      // the dashboard still learns the exchange's state when the runner cannot open (the exchange down at start-up)
      await db.liveSync.updateMany({ where: { accountId: o.accountId }, data: { ...health.row, lastError: health.state.lastError ?? msg.slice(0, 300) } }).catch(() => undefined);
    }
  };
  const timer = setInterval(() => { if (!pass) pass = run().finally(() => { pass = null; }); }, o.intervalMs);
  return {
    health,
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}
