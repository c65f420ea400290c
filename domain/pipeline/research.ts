import type { CandleSeries } from '../market/candle-series';
import type { AdviceOutcome } from '../advisory/advice';
import { trueRangePercentile } from '../market/volatility';

export type Regime = 'up' | 'down' | 'range';

export interface ResearchConfig {
  /** candles for the trend regime (close vs its mean, and the mean's slope) */
  trendLookback: number;
  /** candles whose volatility ranks the current one */
  volatilityLookback: number;
  /** candles of returns the correlation uses */
  correlationLookback: number;
}

export const DEFAULT_RESEARCH: ResearchConfig = { trendLookback: 100, volatilityLookback: 200, correlationLookback: 72 };

export interface Research {
  regime: Regime;
  /** where the current candle's true range ranks among the lookback's, 0..1 */
  volatilityPercentile: number;
  /** the highest correlation of returns with an open position's symbol, and which */
  maxCorrelation: number;
  correlatedWith: string | null;
  /** the LLM advisory's answer (paper and live, when enabled; null otherwise): it only advises, never sizes */
  advisory: AdviceOutcome | null;
}

/** Pearson correlation of the simple returns of two series over the `n` candles ending at their indices. */
export function returnCorrelation(a: CandleSeries, ai: number, b: CandleSeries, bi: number, n: number): number {
  const m = Math.min(n, ai, bi);
  if (m < 3) return 0;
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let k = 0; k < m; k++) {
    const ra = a.close[ai - k]! / a.close[ai - k - 1]! - 1;
    const rb = b.close[bi - k]! / b.close[bi - k - 1]! - 1;
    sa += ra; sb += rb; saa += ra * ra; sbb += rb * rb; sab += ra * rb;
  }
  const cov = sab - (sa * sb) / m;
  const va = saa - (sa * sa) / m;
  const vb = sbb - (sb * sb) / m;
  return va > 0 && vb > 0 ? cov / Math.sqrt(va * vb) : 0;
}

/**
 * RESEARCH: context for a signal, from the candles up to `at` only: trend regime,
 * volatility percentile, correlation with each open position's market.
 */
export function research(
  series: CandleSeries, at: number, open: readonly { series: CandleSeries; at: number }[], cfg: ResearchConfig = DEFAULT_RESEARCH,
): Research {
  const n = Math.min(cfg.trendLookback, at + 1);
  let mean = 0;
  for (let i = at - n + 1; i <= at; i++) mean += series.close[i]!;
  mean /= n;
  const half = Math.floor(n / 2);
  let earlier = 0;
  for (let i = at - n + 1; i < at - n + 1 + half; i++) earlier += series.close[i]!;
  earlier = half > 0 ? earlier / half : mean;
  const close = series.close[at]!;
  const regime: Regime = close > mean * 1.01 && mean > earlier ? 'up' : close < mean * 0.99 && mean < earlier ? 'down' : 'range';

  let maxCorrelation = 0;
  let correlatedWith: string | null = null;
  for (const o of open) {
    if (o.series.symbol === series.symbol) continue;
    const c = returnCorrelation(series, at, o.series, o.at, cfg.correlationLookback);
    if (c > maxCorrelation) { maxCorrelation = c; correlatedWith = o.series.symbol; }
  }
  return { regime, volatilityPercentile: trueRangePercentile(series, at, cfg.volatilityLookback), maxCorrelation, correlatedWith, advisory: null };
}
