import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sma, smaSeries } from '@/domain/indicators/sma';
import { candlesArb, expectClose, mean, periodArb } from './support';

/** Reference: the mean of the window, recomputed from scratch at every index. */
function referenceSma(xs: number[], n: number): number[] {
  return xs.map((_, t) => (t < n - 1 ? NaN : mean(xs.slice(t - n + 1, t + 1))));
}

describe('sma', () => {
  it('matches a from-scratch window mean on random series (1e-9 relative)', () => {
    fc.assert(fc.property(candlesArb(), periodArb, ({ close }, n) => {
      expectClose(smaSeries(close, n), referenceSma(close, n));
    }));
  });

  it('hand-checked: SMA(3) of 1..5', () => {
    expect(Array.from(smaSeries([1, 2, 3, 4, 5], 3))).toEqual([NaN, NaN, 2, 3, 4]);
  });

  it('is NaN and not ready until `period` values, then ready; `value` is the last update', () => {
    const ind = sma(3);
    expect([ind.update(1), ind.isReady]).toEqual([NaN, false]);
    expect([ind.update(2), ind.isReady]).toEqual([NaN, false]);
    expect([ind.update(6), ind.isReady, ind.value]).toEqual([3, true, 3]);
  });

  it('stays exact over a long run (periodic resummation keeps the running sum from drifting)', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => 65_000 + 500 * Math.sin(i / 7) + (i % 13) * 0.01);
    expectClose(smaSeries(xs, 20), referenceSma(xs, 20), 1e-12);
  });

  it('refuses a period that is not a positive integer', () => {
    expect(() => sma(0)).toThrow(RangeError);
    expect(() => sma(2.5)).toThrow(RangeError);
  });
});
