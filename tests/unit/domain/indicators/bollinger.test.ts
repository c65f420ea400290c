import { IndicatorsSync } from '@ixjb94/indicators';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bollinger, bollingerSeries } from '@/domain/indicators/bollinger';
import { candlesArb, expectClose, maxAbs, mean, periodArb } from './support';

/** Reference: at every index, the window's mean, then its population σ in a second pass. */
function referenceBands(xs: number[], n: number, k: number) {
  const middle: number[] = [];
  const upper: number[] = [];
  const lower: number[] = [];
  xs.forEach((_, t) => {
    if (t < n - 1) return void [middle, upper, lower].forEach((a) => a.push(NaN));
    const w = xs.slice(t - n + 1, t + 1);
    const m = mean(w);
    const sd = Math.sqrt(mean(w.map((x) => (x - m) ** 2)));
    middle.push(m);
    upper.push(m + k * sd);
    lower.push(m - k * sd);
  });
  return { middle, upper, lower };
}

describe('bollinger', () => {
  it('matches a from-scratch two-pass window on random series (1e-9 relative to the price)', () => {
    fc.assert(fc.property(candlesArb(), periodArb, fc.double({ min: 0.5, max: 3, noNaN: true }), ({ close }, n, k) => {
      const ours = bollingerSeries(close, n, k);
      const ref = referenceBands(close, n, k);
      const scale = maxAbs(close);
      expectClose(ours.middle, ref.middle, 1e-9, scale);
      expectClose(ours.upper, ref.upper, 1e-9, scale);
      expectClose(ours.lower, ref.lower, 1e-9, scale);
    }));
  });

  it('hand-checked Bollinger(3, 2)', () => {
    const ind = bollinger(3, 2);
    ind.update(1);
    ind.update(2);
    expect(ind.update(3)).toBe(2);
    // σ of {1, 2, 3} = √(2/3)
    expect(ind.upper).toBeCloseTo(2 + 2 * Math.sqrt(2 / 3), 12);
    expect(ind.lower).toBeCloseTo(2 - 2 * Math.sqrt(2 / 3), 12);
    // window {2, 3, 6}: mean 11/3, deviations −5/3, −2/3, 7/3 → σ² = 78/27
    expect(ind.update(6)).toBeCloseTo(11 / 3, 12);
    expect(ind.stdev).toBeCloseTo(Math.sqrt(78 / 27), 12);
  });

  it('stays accurate where Σx² − (Σx)²/n cancels: prices near 1e6, σ near 0.01, 20,000 candles', () => {
    const xs = Array.from({ length: 20_000 }, (_, i) => 1_000_000 + 0.01 * Math.sin(i * 0.37) + 1e-3 * (i % 7));
    const ours = bollingerSeries(xs, 20, 2);
    const ref = referenceBands(xs, 20, 2);
    // σ itself (upper − middle) to 1e-6 relative: the running Σx/Σx² form gets no digit of it right here
    for (let t = 19; t < xs.length; t += 97) {
      const sdOurs = (ours.upper[t]! - ours.middle[t]!) / 2;
      const sdRef = (ref.upper[t]! - ref.middle[t]!) / 2;
      expect(Math.abs(sdOurs - sdRef)).toBeLessThanOrEqual(1e-6 * sdRef + 1e-9);
    }
  });

  it('a flat window has σ exactly 0, never NaN from a negative rounding residue', () => {
    const ind = bollinger(4, 2);
    for (const x of [0.1, 0.7, 0.3, 0.1, 0.1, 0.1, 0.1]) ind.update(x);
    expect(ind.stdev).toBe(0);
    expect(ind.upper).toBe(ind.lower);
  });

  it('agrees with @ixjb94/indicators on ordinary candles ([lower, middle, upper] from index n − 1)', () => {
    fc.assert(fc.property(candlesArb(31, 150), periodArb, ({ close }, n) => {
      const [lower, middle, upper] = new IndicatorsSync().bbands(close, n, 2);
      const ours = bollingerSeries(close, n, 2);
      // on a flat window the library takes √ of a negative cancellation residue and gets NaN; those indices are skipped
      const at = (lib: number[], mine: Float64Array) => Array.from(close, (_, t) => (t < n - 1 ? NaN : Number.isNaN(lib[t - n + 1]!) ? mine[t]! : lib[t - n + 1]!));
      // the library's Σx² form loses digits to cancellation, so 1e-6 of the price, not 1e-9
      const scale = maxAbs(close);
      expectClose(ours.middle, at(middle!, ours.middle), 1e-9, scale);
      expectClose(ours.upper, at(upper!, ours.upper), 1e-6, scale);
      expectClose(ours.lower, at(lower!, ours.lower), 1e-6, scale);
    }));
  });

  it('is NaN until `period` values', () => {
    const ind = bollinger(2);
    expect([ind.update(1), ind.upper, ind.isReady]).toEqual([NaN, NaN, false]);
    expect([ind.update(3), ind.upper, ind.lower, ind.isReady]).toEqual([2, 4, 0, true]);
  });
});
