import { IndicatorsSync } from '@ixjb94/indicators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atr, atrSeries } from '@/domain/indicators/atr';
import { candlesArb, expectClose, periodArb } from './support';

/** Reference: true ranges listed out, then at every index the mean of the first n and Wilder's recurrence up to it. */
function referenceAtr(high: number[], low: number[], close: number[], n: number): number[] {
  const tr = high.map((h, i) => (i === 0 ? h - low[i]! : Math.max(h - low[i]!, Math.abs(h - close[i - 1]!), Math.abs(low[i]! - close[i - 1]!))));
  return tr.map((_, t) => {
    if (t < n - 1) return NaN;
    let v = tr.slice(0, n).reduce((s, x) => s + x, 0) / n;
    for (let i = n; i <= t; i++) v = (v * (n - 1) + tr[i]!) / n;
    return v;
  });
}

describe('atr', () => {
  it('matches the from-scratch Wilder recurrence on random candles (1e-9 relative)', () => {
    fc.assert(fc.property(candlesArb(), periodArb, ({ high, low, close }, n) => {
      expectClose(atrSeries(high, low, close, n), referenceAtr(high, low, close, n));
    }));
  });

  it('hand-checked ATR(3), with a gap up and a gap down', () => {
    // true ranges: 2 (first candle: high − low), 4 (gap: 13 − prev close 9), 2.5 (12.5 − 10), 4
    // ATR: (2 + 4 + 2.5) / 3 = 17/6, then (17/6·2 + 4) / 3 = 29/9
    const out = atrSeries([10, 13, 12, 11], [8, 12, 10, 7], [9, 12.5, 11, 8], 3);
    expectClose(out, [NaN, NaN, 17 / 6, 29 / 9], 1e-12);
  });

  it('agrees with @ixjb94/indicators (same seeding; its output starts at index n − 1)', () => {
    fc.assert(fc.property(candlesArb(31, 150), periodArb, ({ high, low, close }, n) => {
      const lib = new IndicatorsSync().atr(high, low, close, n);
      const ours = atrSeries(high, low, close, n);
      expectClose(ours, Array.from(ours, (_, t) => (t < n - 1 ? NaN : lib[t - n + 1]!)));
    }));
  });

  it('is NaN until `period` candles', () => {
    const ind = atr(2);
    expect([ind.update(10, 8, 9), ind.isReady]).toEqual([NaN, false]);
    expect([ind.update(11, 9, 10), ind.isReady, ind.value]).toEqual([2, true, 2]);
  });
});
