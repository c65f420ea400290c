import type { CandleSeries } from '../market/candle-series';
import { research, type ResearchConfig, type Regime } from '../pipeline/research';
import type { EntrySignal } from '../pipeline/signal';
import { BASE_SCORE } from './advice';

/**
 * What the model is told about one candidate signal: the market's own context only.
 * No account figures (equity, positions, sizes), no correlation with open positions
 * (it would reveal them), no identifiers beyond the public symbol.
 */
export interface AdviceContext {
  symbol: string;
  side: 'LONG';
  strategy: string;
  score: number;
  regime: Regime;
  volatilityPercentile: number;
  /** simple returns of the last candles, oldest first, rounded to 0.01% */
  recentReturns: number[];
  /** the candle's close time, ISO */
  at: string;
}

const RECENT_RETURNS = 12;
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** The context of a signal on candle `at` of its series (the candles up to `at` only). */
export function adviceContext(series: CandleSeries, at: number, signal: EntrySignal, timeframeMs: number, cfg?: ResearchConfig): AdviceContext {
  const r = research(series, at, [], cfg);
  const recentReturns: number[] = [];
  for (let i = Math.max(1, at - RECENT_RETURNS + 1); i <= at; i++) recentReturns.push(round4(series.close[i]! / series.close[i - 1]! - 1));
  return {
    symbol: signal.symbol, side: signal.side, strategy: signal.strategy, score: BASE_SCORE, regime: r.regime,
    volatilityPercentile: round4(r.volatilityPercentile), recentReturns, at: new Date(series.time[at]! + timeframeMs).toISOString(),
  };
}
