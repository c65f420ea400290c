import { IndicatorsSync } from '@ixjb94/indicators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ema, emaSeries } from '@/domain/indicators/ema';
import { candlesArb, expectClose, mean, periodArb } from './support';

/** Reference: at every index, seed with the mean of the first n values and iterate the recurrence up to it. */
function referenceEma(xs: number[], n: number): number[] {
  const alpha = 2 / (n + 1);
  return xs.map((_, t) => {
    if (t < n - 1) return NaN;
    let v = mean(xs.slice(0, n));
    for (let i = n; i <= t; i++) v = alpha * xs[i]! + (1 - alpha) * v;
    return v;
  });
}

describe('ema', () => {
  it('matches the from-scratch recurrence on random series (1e-9 relative)', () => {
    fc.assert(fc.property(candlesArb(), periodArb, ({ close }, n) => {
      expectClose(emaSeries(close, n), referenceEma(close, n));
    }));
  });

  it('hand-checked: EMA(3) (α = 0.5) seeded with the SMA of the first 3', () => {
    // seed (10 + 11 + 12) / 3 = 11; 11 + 0.5·(10 − 11) = 10.5; 10.5 + 0.5·(14 − 10.5) = 12.25
    expect(Array.from(emaSeries([10, 11, 12, 10, 14], 3))).toEqual([NaN, NaN, 11, 10.5, 12.25]);
  });

  it('EMA(1) is the input itself', () => {
    expect(Array.from(emaSeries([3, 1, 4, 1, 5], 1))).toEqual([3, 1, 4, 1, 5]);
  });

  it('is NaN and not ready during warm-up', () => {
    const ind = ema(2);
    expect([ind.update(1), ind.isReady]).toEqual([NaN, false]);
    expect([ind.update(3), ind.isReady, ind.value]).toEqual([2, true, 2]);
  });

  it('@ixjb94/indicators seeds with the first value instead: the gap decays as (1 − α)^t', () => {
    fc.assert(fc.property(candlesArb(40, 200), fc.integer({ min: 2, max: 30 }), ({ close }, n) => {
      const ours = emaSeries(close, n);
      const lib = new IndicatorsSync().ema(close, n);
      const gap0 = Math.abs(ours[n - 1]! - lib[n - 1]!);
      const keep = 1 - 2 / (n + 1);
      for (let t = n - 1; t < close.length; t++) {
        const bound = gap0 * keep ** (t - n + 1) + 1e-9 * Math.abs(lib[t]!);
        expect(Math.abs(ours[t]! - lib[t]!)).toBeLessThanOrEqual(bound);
      }
    }));
  });
});
