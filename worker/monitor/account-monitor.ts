import type { Db, Tx } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { checkRollbackTriggers } from '@/adapters/repo/rollback-triggers';
import { checkVolatility, type Market } from '@/adapters/repo/volatility-alerts';

export interface AccountMonitorOptions {
  intervalMs: number;
  now: () => Date;
  /** the strategies the worker trades: backtests of the same set give the historical maximum drawdown */
  strategySet: readonly string[];
  /** the markets the worker trades (their stored candles give the volatility percentile) */
  markets: readonly Market[];
  volatilityThreshold: number;
  /** called in the alert's transaction when the high-volatility warning opens (extreme market mode) */
  onHighVolatility?: (tx: Tx, accountId: string, evidence: { markets: readonly { symbol: string; percentile: number | null }[] }, at: Date) => Promise<void>;
  /** called in the alert's transaction when it clears */
  onVolatilityCleared?: (tx: Tx, accountId: string, evidence: { markets: readonly { symbol: string; percentile: number | null }[] }, at: Date) => Promise<void>;
}

/**
 * MONITOR's slower checks, each account in its own transactions, one pass at a time: the
 * high-volatility warning, then the risk-rule violations and the automatic rollback
 * triggers (adapters/repo/rollback-triggers.ts). A rollback it requests reaches the
 * command loop through NOTIFY at commit, as an operator's does.
 */
export function startAccountMonitor(db: Db, log: Logger, o: AccountMonitorOptions) {
  let isRunning = false;
  let isFailing = false;
  const pass = async () => {
    if (isRunning) return;
    isRunning = true;
    try {
      const accounts = await db.tradingAccount.findMany({ where: { isEnabled: true, riskState: { isNot: null } }, select: { id: true, exchange: true } });
      for (const a of accounts) {
        const at = o.now();
        const vol = await db.$transaction(async (tx) => {
          const r = await checkVolatility(tx, a.id, a.exchange, o.markets, o.volatilityThreshold, at);
          if (r.isNew && o.onHighVolatility) await o.onHighVolatility(tx, a.id, { markets: r.measured }, at);
          if (r.isCleared && o.onVolatilityCleared) await o.onVolatilityCleared(tx, a.id, { markets: r.measured }, at);
          return r;
        });
        if (vol.isNew) log.warn({ component: 'monitor', accountId: a.id, markets: vol.measured }, 'high volatility');
        const check = await db.$transaction((tx) => checkRollbackTriggers(tx, a.id, at, o.strategySet), { timeout: 30_000 });
        if (check.rollbackCommandId) {
          log.error({ component: 'monitor', accountId: a.id, commandId: check.rollbackCommandId, fired: check.results.filter((r) => r.status === 'FIRED').map((r) => r.message) }, 'automatic rollback triggered');
        }
      }
      isFailing = false;
    } catch (e) {
      if (!isFailing) log.warn({ component: 'monitor', err: (e as Error).message }, 'account monitor pass failed; retrying');
      isFailing = true;
    } finally {
      isRunning = false;
    }
  };
  const timer = setInterval(() => void pass(), o.intervalMs);
  void pass();
  return { stop: () => clearInterval(timer), pass };
}
