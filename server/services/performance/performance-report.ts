import { averageR } from '@/domain/metrics/average-r';
import { computeMetrics } from '@/domain/metrics/compute-metrics';
import { dailyCloses } from '@/domain/metrics/daily-closes';
import { expectancy } from '@/domain/metrics/expectancy';
import { finiteOrNull } from '@/domain/metrics/finite-or-null';
import { profitFactor } from '@/domain/metrics/profit-factor';
import type { ClosedTrade, EquityPoint } from '@/domain/metrics/types';
import { winRate } from '@/domain/metrics/win-rate';

const DAY_MS = 86_400_000;

export interface PerfTrade extends ClosedTrade { strategy: string }
export interface PerfSnapshot extends EquityPoint { drawdown: number }

/**
 * The Performance page's figures from an account's equity snapshots and closed trades in
 * a period: the backtest's own metric functions (computeMetrics and its parts), so paper,
 * live and backtest are measured alike; charts downsampled to at most `maxPoints` buckets
 * (last equity and deepest drawdown of each, so no trough disappears).
 */
export function performanceReport(snapshots: readonly PerfSnapshot[], trades: readonly PerfTrade[], maxPoints = 600) {
  const metrics = computeMetrics(trades, snapshots);
  const closes = dailyCloses(snapshots);
  const firstDay = snapshots.length ? Math.floor(snapshots[0]!.t / DAY_MS) : 0;
  const daily = closes.slice(1).map((c, k) => ({ day: (firstDay + k + 1) * DAY_MS, pnl: c - closes[k]! }));

  const curve: { t: number; equity: number; drawdown: number }[] = [];
  if (snapshots.length) {
    const t0 = snapshots[0]!.t;
    const width = Math.max(1, (snapshots.at(-1)!.t - t0) / maxPoints);
    let bucket = -1;
    for (const s of snapshots) {
      const b = Math.floor((s.t - t0) / width);
      if (b !== bucket) { curve.push({ t: s.t, equity: s.equity, drawdown: s.drawdown }); bucket = b; continue; }
      const last = curve[curve.length - 1]!;
      last.t = s.t;
      last.equity = s.equity;
      if (s.drawdown > last.drawdown) last.drawdown = s.drawdown;
    }
  }

  const names = [...new Set(trades.map((t) => t.strategy))].sort();
  const byStrategy = names.map((name) => {
    const ts = trades.filter((t) => t.strategy === name);
    return { strategy: name, trades: ts.length, winRate: winRate(ts), avgR: averageR(ts), expectancy: expectancy(ts), profitFactor: finiteOrNull(profitFactor(ts)),
      pnl: ts.reduce((s, t) => s + t.pnl, 0) };
  });
  return {
    metrics: {
      trades: metrics.trades, sharpe: metrics.sharpe, sortino: metrics.sortino, maxDrawdown: metrics.maxDrawdown, winRate: metrics.winRate, avgR: metrics.avgR,
      profitFactor: metrics.profitFactorFinite, expectancy: metrics.expectancy, totalReturn: metrics.totalReturn, totalFees: metrics.totalFees,
      dailyReturns: Math.max(0, closes.length - 1),
    },
    curve, daily, byStrategy,
  };
}
