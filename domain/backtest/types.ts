import type { FillConfig } from '../fills/types';
import type { DecideConfig } from '../pipeline/decide';
import type { LearningConfig } from '../pipeline/learning';
import type { ResearchConfig } from '../pipeline/research';
import type { ScanConfig } from '../pipeline/scan';
import type { RiskLimits } from '../risk/limits';
import type { Metrics } from '../metrics/types';

export interface BacktestConfig {
  equity: number;
  strategies: { name: string; params: unknown }[];
  limits: RiskLimits;
  fills: Omit<FillConfig, 'priceTick'>;
  scan: ScanConfig;
  research: ResearchConfig;
  decide: DecideConfig;
  learning: LearningConfig;
  /** close a position after this many candles of its symbol (a time exit); 0 = never */
  maxHoldCandles: number;
  timeZone: string;
  /**
   * A lock (drawdown beyond 20%) needs an admin's reset in paper and live. The backtest
   * stands in for that admin after this many hours of the candle clock, so one lock does
   * not end a multi-year study; every lock and reset is listed in riskEvents. null
   * keeps a lock for the rest of the run, as the product does.
   */
  lockReviewHours: number | null;
}

export interface RiskEventRecord {
  t: number;
  event: string;
  from: string;
  to: string;
  drawdown: number;
  dayLoss: number;
}

export interface TradeRecord {
  symbol: string; strategy: string; side: 'LONG';
  entryTime: number; entryPrice: number; qty: number; stopPrice: number; targetPrice: number;
  exitTime: number; exitPrice: number; exitReason: 'STOP' | 'TARGET' | 'SIGNAL' | 'TIME' | 'END' | 'SAFE_MODE' | 'ROLLBACK' | 'MANUAL';
  fees: number; pnl: number; rMultiple: number; equityAtEntry: number; riskAmount: number;
}

export interface BacktestReport {
  params: Record<string, unknown>;
  metrics: Pick<Metrics, 'sharpe' | 'sortino' | 'maxDrawdownPct' | 'winRate' | 'avgR' | 'expectancy' | 'totalReturnPct' | 'trades'> & { profitFactor: number | null; exposureTime: number };
  trades: TradeRecord[];
  equity: { t: number; equity: number }[];
  decisions: { approved: number; shrunk: number; rejected: number; byRule: Record<string, number>; skipped: Record<string, number> };
  /** every change of the risk tier machine (halts, pauses, cool-offs, locks, simulated lock resets) */
  riskEvents: RiskEventRecord[];
  byStrategy: Record<string, { trades: number; winRate: number; avgR: number; expectancy: number; profitFactor: number | null; weight: number }>;
}
