import { IndicatorsSync } from '@ixjb94/indicators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rsi, rsiSeries } from '@/domain/indicators/rsi';
import { candlesArb, expectClose, periodArb } from './support';

/**
 * Reference, in Wilder's own words: at every index, average the first n gains and losses,
 * then smooth each later one in as (prev·(n − 1) + x) / n; RSI = 100 − 100 / (1 + RS).
 */
function referenceRsi(xs: number[], n: number): number[] {
  return xs.map((_, t) => {
    if (t < n) return NaN;
    let gain = 0;
    let loss = 0;
    for (let i = 1; i <= n; i++) {
      const d = xs[i]! - xs[i - 1]!;
      gain += Math.max(d, 0) / n;
      loss += Math.max(-d, 0) / n;
    }
    for (let i = n + 1; i <= t; i++) {
      const d = xs[i]! - xs[i - 1]!;
      gain = (gain * (n - 1) + Math.max(d, 0)) / n;
      loss = (loss * (n - 1) + Math.max(-d, 0)) / n;
    }
    if (loss === 0) return gain === 0 ? 50 : 100;
    return 100 - 100 / (1 + gain / loss);
  });
}

// StockCharts ChartSchool's RSI(14) worksheet series
const CLOSES = [44.34, 44.09, 44.15, 43.61, 44.33, 44.83, 45.10, 45.42, 45.84, 46.08, 45.89, 46.03, 45.61, 46.28, 46.28, 46.00, 46.03,
  46.41, 46.22, 45.64, 46.21, 46.25, 45.71, 46.45, 45.78, 45.35, 44.03, 44.18, 44.22, 44.57, 43.42, 42.66, 43.13];

describe('rsi', () => {
  it('matches the from-scratch Wilder recurrence on random series (1e-9 relative to the 0–100 scale)', () => {
    fc.assert(fc.property(candlesArb(), periodArb, ({ close }, n) => {
      expectClose(rsiSeries(close, n), referenceRsi(close, n), 1e-9, 100);
    }));
  });

  it('hand-checked RSI(14): the first two values from the gains and losses by hand', () => {
    const out = rsiSeries(CLOSES, 14);
    expect(Array.from(out.subarray(0, 14)).every(Number.isNaN)).toBe(true);
    // first 14 changes: gains sum to 3.34, losses to 1.40 → 100·3.34/4.74
    expect(out[14]).toBeCloseTo((100 * 3.34) / 4.74, 9);
    // then a loss of 0.28, smoothed with weight 1/14 (Wilder), not 2/15
    const g = (3.34 / 14) * (13 / 14);
    const l = ((1.4 / 14) * 13 + 0.28) / 14;
    expect(out[15]).toBeCloseTo((100 * g) / (g + l), 9);
    expect(Array.from(out.subarray(14), (x) => Math.round(x * 100) / 100)).toEqual(
      [70.46, 66.25, 66.48, 69.35, 66.29, 57.92, 62.88, 63.21, 56.01, 62.34, 54.67, 50.39, 40.02, 41.49, 41.9, 45.5, 37.32, 33.09, 37.79]);
  });

  it('hand-checked RSI(2): 50, 83.33, 50', () => {
    // changes +1, −1 → 0.5/0.5 → 50; +2 → gain 1.25, loss 0.25 → 83.33; −1 → 0.625/0.625 → 50
    const out = rsiSeries([1, 2, 1, 3, 2], 2);
    expectClose(out, [NaN, NaN, 50, 250 / 3, 50], 1e-12);
  });

  it('agrees with @ixjb94/indicators (same Wilder seeding; its output starts at index n)', () => {
    fc.assert(fc.property(candlesArb(31, 150), periodArb, ({ close }, n) => {
      const lib = new IndicatorsSync().rsi(close, n);
      const ours = rsiSeries(close, n);
      // the library divides 0 by 0 on a window without any change; we read 50 there
      const expected = Array.from(ours, (_, t) => (t < n ? NaN : Number.isNaN(lib[t - n]!) ? 50 : lib[t - n]!));
      expectClose(ours, expected, 1e-9, 100);
    }));
  });

  it('reads 100 with no losses, 0 with no gains, 50 with no change; stays within [0, 100]', () => {
    expect(rsiSeries([1, 2, 3, 4], 3)[3]).toBe(100);
    expect(rsiSeries([4, 3, 2, 1], 3)[3]).toBe(0);
    expect(rsiSeries([7, 7, 7, 7], 3)[3]).toBe(50);
    fc.assert(fc.property(candlesArb(), periodArb, ({ close }, n) => {
      for (const v of rsiSeries(close, n)) if (!Number.isNaN(v)) expect(v >= 0 && v <= 100).toBe(true);
    }));
  });

  it('warms up on period + 1 closes', () => {
    const ind = rsi(2);
    expect([ind.update(1), ind.update(2), ind.isReady]).toEqual([NaN, NaN, false]);
    expect([ind.update(1), ind.isReady, ind.value]).toEqual([50, true, 50]);
  });
});
