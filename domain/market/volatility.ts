/** high, low, close by index: a CandleSeries, or plain arrays read from the database */
type Bars = { readonly [K in 'high' | 'low' | 'close']: ArrayLike<number> };

/** True range of candle i as a fraction of its close (the first candle has no previous close: its high − low). */
export function relativeTrueRange(s: Bars, i: number): number {
  const hl = s.high[i]! - s.low[i]!;
  const tr = i > 0 ? Math.max(hl, Math.abs(s.high[i]! - s.close[i - 1]!), Math.abs(s.low[i]! - s.close[i - 1]!)) : hl;
  return tr / s.close[i]!;
}

/** RESEARCH's volatility percentile: the share of the last `lookback` candles (to `at`) whose true range is at most the one at `at`. */
export function trueRangePercentile(s: Bars, at: number, lookback: number): number {
  const current = relativeTrueRange(s, at);
  const v = Math.min(lookback, at + 1);
  let below = 0;
  for (let i = at - v + 1; i <= at; i++) if (relativeTrueRange(s, i) <= current) below += 1;
  return below / v;
}

/** minWindows: too short a history ranks noise (every early candle looks extreme): no percentile before it */
export const MARKET_VOLATILITY = { atrPeriod: 14, lookback: 500, minWindows: 250 } as const;

/**
 * A market's volatility percentile for monitoring (the high-volatility alert, the risk
 * metrics): the mean relative true range of the last `atrPeriod` candles, ranked among the
 * same measure at each of the last `lookback` candles. Smoothed, so one wide candle does
 * not flip the alert; null until `minWindows` such means exist to rank against.
 */
export function marketVolatilityPercentile(s: Bars & { length: number }, at = s.length - 1, o: { atrPeriod: number; lookback: number; minWindows: number } = MARKET_VOLATILITY): number | null {
  const p = o.atrPeriod;
  if (at < p - 1 + o.minWindows - 1) return null;
  // rolling mean TR over [i - p + 1, i] for every i from the first full window
  const first = Math.max(p - 1, at - o.lookback + 1);
  let sum = 0;
  for (let i = first - p + 1; i <= first; i++) sum += relativeTrueRange(s, i);
  const atrs: number[] = [sum / p];
  for (let i = first + 1; i <= at; i++) {
    sum += relativeTrueRange(s, i) - relativeTrueRange(s, i - p);
    atrs.push(sum / p);
  }
  const current = atrs.at(-1)!;
  let below = 0;
  for (const a of atrs) if (a <= current + 1e-15) below += 1;
  return below / atrs.length;
}
