import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { donchian, donchianSeries, rollingMax, rollingMin } from '@/domain/indicators/donchian';
import { candlesArb, periodArb } from './support';

/** Reference: Math.max / Math.min over the window, at every index. */
function referenceChannel(high: number[], low: number[], n: number) {
  const at = (xs: number[], f: (...v: number[]) => number) => xs.map((_, t) => (t < n - 1 ? NaN : f(...xs.slice(t - n + 1, t + 1))));
  return { upper: at(high, Math.max), lower: at(low, Math.min) };
}

describe('donchian', () => {
  it('equals the window max/min exactly on random candles (ties and flat runs included)', () => {
    fc.assert(fc.property(candlesArb(), periodArb, ({ high, low }, n) => {
      const ours = donchianSeries(high, low, n);
      const ref = referenceChannel(high, low, n);
      expect(Array.from(ours.upper)).toEqual(ref.upper);
      expect(Array.from(ours.lower)).toEqual(ref.lower);
    }));
  });

  it('rollingMax / rollingMin (one band each) equal the window max / min exactly, NaN while warming up', () => {
    fc.assert(fc.property(candlesArb(), periodArb, ({ high, low }, n) => {
      const ref = referenceChannel(high, low, n);
      const up = rollingMax(n);
      const down = rollingMin(n);
      expect(high.map((h) => up.update(h))).toEqual(ref.upper);
      expect(low.map((l) => down.update(l))).toEqual(ref.lower);
      expect(up.isReady).toBe(high.length >= n);
      expect(Number.isNaN(up.value)).toBe(high.length < n);
    }));
  });

  it('on integer series with many repeats too', () => {
    const series = fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 200 });
    fc.assert(fc.property(series, periodArb, (xs, n) => {
      const ref = referenceChannel(xs, xs, n);
      const ours = donchianSeries(xs, xs, n);
      expect(Array.from(ours.upper)).toEqual(ref.upper);
      expect(Array.from(ours.lower)).toEqual(ref.lower);
    }));
  });

  it('hand-checked Donchian(3): a high leaves the window after 3 candles', () => {
    const ind = donchian(3);
    expect(ind.update(10, 5)).toBeNaN();
    expect(ind.update(12, 6)).toBeNaN();
    expect(ind.isReady).toBe(false);
    expect(ind.update(11, 7)).toBe((12 + 5) / 2);
    expect([ind.upper, ind.lower, ind.isReady]).toEqual([12, 5, true]);
    ind.update(9, 8); // 10/5 leave
    expect([ind.upper, ind.lower]).toEqual([12, 6]);
    ind.update(8, 8); // 12/6 leave
    expect([ind.upper, ind.lower, ind.middle]).toEqual([11, 7, 9]);
  });

  it('a breakout check reads the channel before the new candle is consumed', () => {
    const ind = donchian(2);
    ind.update(10, 9);
    ind.update(11, 9);
    const isBreakout = 12 > ind.upper;
    ind.update(12.5, 11);
    expect([isBreakout, ind.upper]).toEqual([true, 12.5]);
  });
});
