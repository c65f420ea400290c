/** LEARNING's per-strategy statistics, updated from each closed trade. */
export interface StrategyStats {
  trades: number;
  wins: number;
  losses: number;
  sumR: number;
  sumPnl: number;
  grossProfit: number;
  grossLoss: number;
}

export const EMPTY_STATS: StrategyStats = { trades: 0, wins: 0, losses: 0, sumR: 0, sumPnl: 0, grossProfit: 0, grossLoss: 0 };

export interface LearningConfig {
  /** trades before the weight moves at all */
  minTrades: number;
  /** weight change per unit of average R */
  sensitivity: number;
  minWeight: number;
  maxWeight: number;
}

/** Weights stay within [0.5, 1.5]: LEARNING tilts between strategies, it never touches risk limits. */
export const DEFAULT_LEARNING: LearningConfig = { minTrades: 10, sensitivity: 1, minWeight: 0.5, maxWeight: 1.5 };

export function recordTrade(s: StrategyStats, t: { pnl: number; rMultiple: number }): StrategyStats {
  return {
    trades: s.trades + 1, wins: s.wins + (t.pnl > 0 ? 1 : 0), losses: s.losses + (t.pnl <= 0 ? 1 : 0),
    sumR: s.sumR + t.rMultiple, sumPnl: s.sumPnl + t.pnl,
    grossProfit: s.grossProfit + Math.max(0, t.pnl), grossLoss: s.grossLoss + Math.max(0, -t.pnl),
  };
}

export function summarize(s: StrategyStats) {
  return {
    trades: s.trades,
    winRate: s.trades ? s.wins / s.trades : 0,
    avgR: s.trades ? s.sumR / s.trades : 0,
    expectancy: s.trades ? s.sumPnl / s.trades : 0,
    profitFactor: s.grossLoss > 0 ? s.grossProfit / s.grossLoss : null,
  };
}

/** The strategy's weight for DECIDE: 1 until minTrades, then 1 + sensitivity × average R, clamped. */
export function strategyWeight(s: StrategyStats, cfg: LearningConfig = DEFAULT_LEARNING): number {
  if (s.trades < cfg.minTrades) return 1;
  const w = 1 + cfg.sensitivity * (s.sumR / s.trades);
  return Math.min(cfg.maxWeight, Math.max(cfg.minWeight, w));
}
