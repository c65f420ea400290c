import { averageR } from './average-r';
import { dailyReturns } from './daily-returns';
import { expectancy } from './expectancy';
import { exposureTime } from './exposure-time';
import { finiteOrNull } from './finite-or-null';
import { maxDrawdown } from './max-drawdown';
import { profitFactor } from './profit-factor';
import { sharpeRatio } from './sharpe-ratio';
import { sortinoRatio } from './sortino-ratio';
import { totalReturn } from './total-return';
import type { ClosedTrade, EquityPoint, Metrics } from './types';
import { winRate } from './win-rate';

/**
 * Every performance metric of a run, from its closed trades and its equity series (sorted by t).
 * Exposure is measured over the equity series' span, the period the run covered. Each metric
 * is 0 when it is undefined, except profitFactor (see there); nothing is NaN.
 */
export function computeMetrics(trades: readonly ClosedTrade[], equity: readonly EquityPoint[]): Metrics {
  const returns = dailyReturns(equity);
  const drawdown = maxDrawdown(equity);
  const total = totalReturn(equity);
  const pf = profitFactor(trades);
  const avgR = averageR(trades);
  let totalFees = 0;
  for (const t of trades) totalFees += t.fees;
  return {
    trades: trades.length,
    sharpe: sharpeRatio(returns),
    sortino: sortinoRatio(returns),
    maxDrawdown: drawdown,
    maxDrawdownPct: drawdown * 100,
    totalReturn: total,
    totalReturnPct: total * 100,
    winRate: winRate(trades),
    avgR,
    profitFactor: pf,
    profitFactorFinite: finiteOrNull(pf),
    expectancy: expectancy(trades),
    expectancyR: avgR,
    exposureTime: exposureTime(trades, equity[0]?.t ?? 0, equity[equity.length - 1]?.t ?? 0),
    totalFees,
  };
}
