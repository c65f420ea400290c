import { describe, expect, it } from 'vitest';
import { marketVolatilityPercentile, relativeTrueRange, trueRangePercentile } from '@/domain/market/volatility';

/** candles around 100 with a fixed high-low range each */
function bars(ranges: readonly number[]) {
  const close = ranges.map(() => 100);
  return { high: ranges.map((r) => 100 + r / 2), low: ranges.map((r) => 100 - r / 2), close, length: ranges.length };
}

describe('volatility', () => {
  it('relative true range includes the gap from the previous close', () => {
    const s = { high: [101, 111], low: [99, 109], close: [100, 110], length: 2 };
    expect(relativeTrueRange(s, 0)).toBeCloseTo(0.02);
    expect(relativeTrueRange(s, 1)).toBeCloseTo(11 / 110); // high 111 − previous close 100
  });

  it('RESEARCH percentile: share of the window at or below the current range', () => {
    expect(trueRangePercentile(bars([1, 2, 3, 4]), 3, 4)).toBe(1);
    expect(trueRangePercentile(bars([4, 3, 2, 1]), 3, 4)).toBe(0.25);
  });

  it('market percentile is null until one ATR window exists, then ranks the smoothed range', () => {
    expect(marketVolatilityPercentile(bars(Array(14).fill(1)))).toBeNull();
    expect(marketVolatilityPercentile(bars(Array(262).fill(1)))).toBeNull(); // 249 windows: too short a history to rank
    expect(marketVolatilityPercentile(bars(Array(263).fill(1)))).toBe(1);
    const calm = Array(300).fill(1);
    expect(marketVolatilityPercentile(bars([...calm, ...Array(14).fill(5)]))).toBe(1);
    // one wide candle lifts the 14-candle mean to the top while it is in the window, not after
    const s = bars([...calm.map((_, i) => 1 + (i % 7) / 10), 5, ...Array(20).fill(1.1)]);
    expect(marketVolatilityPercentile(s, 305)).toBeGreaterThan(0.95);
    expect(marketVolatilityPercentile(s)).toBeLessThan(0.8);
  });

  it('only the last `lookback` windows are ranked', () => {
    const old = Array(600).fill(10); // a violent distant past does not mask today's rise
    const s = bars([...old, ...Array(600).fill(1), ...Array(14).fill(2)]);
    expect(marketVolatilityPercentile(s)).toBe(1);
  });
});
