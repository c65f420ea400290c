import type { Registry } from 'prom-client';
import type { Db } from '@/adapters/db/client';
import { computeMetrics } from '@/domain/metrics/compute-metrics';
import { dailyReturns } from '@/domain/metrics/daily-returns';
import { loadPerformancePeriod } from '@/server/services/performance/load-period';
import { gaugeIn } from './gauge';

/** the Performance page's default period: the exported figures match what it shows first */
export const PERFORMANCE_DAYS = 30;

/**
 * Performance per account over the last 30 days, ending at the newest equity snapshot (the
 * candle clock in paper replay): the backtest's own metric functions, as on the
 * Performance page.
 */
export function registerPerformanceGauges(r: Registry) {
  const g = gaugeIn(r);
  const over = `over the last ${PERFORMANCE_DAYS} days`;
  const sharpe = g('sentinel_sharpe_ratio', `annualised Sharpe ratio of daily returns ${over} (see sentinel_daily_returns: under 30 it is not yet meaningful)`, ['account']);
  const days = g('sentinel_daily_returns', `daily returns the Sharpe ratio is computed from, ${over}`, ['account']);
  const maxDrawdown = g('sentinel_max_drawdown_fraction', `deepest peak-to-trough drawdown ${over} (0.1 = 10%)`, ['account']);
  const winRate = g('sentinel_win_rate', `fraction of the trades closed ${over} that made money`, ['account']);
  const averageR = g('sentinel_average_r', `mean R multiple of the trades closed ${over}`, ['account']);
  const profitFactor = g('sentinel_profit_factor', `gross profit / gross loss of the trades closed ${over} (absent while none lost)`, ['account']);
  const trades = g('sentinel_closed_trades', `trades closed ${over}`, ['account']);

  return async (db: Db, accounts: readonly { id: string; name: string }[]) => {
    for (const a of accounts) {
      const p = await loadPerformancePeriod(db, a.id, PERFORMANCE_DAYS);
      if (!p) continue;
      const m = computeMetrics(p.trades, p.snapshots);
      const account = { account: a.name };
      sharpe.set(account, m.sharpe);
      days.set(account, dailyReturns(p.snapshots).length);
      maxDrawdown.set(account, m.maxDrawdown);
      winRate.set(account, m.winRate);
      averageR.set(account, m.avgR);
      if (m.profitFactorFinite !== null) profitFactor.set(account, m.profitFactorFinite);
      trades.set(account, m.trades);
    }
  };
}
