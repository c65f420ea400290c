import fc from 'fast-check';
import { expect } from 'vitest';

export interface Candles { high: number[]; low: number[]; close: number[] }

/**
 * Candles as a multiplicative random walk: a start price from cents to 100k, steps of up
 * to ±5% (a quarter of them exactly flat, so ties and zero changes are exercised), and
 * high/low a little outside open/close.
 */
export const candlesArb = (minLength = 0, maxLength = 120): fc.Arbitrary<Candles> =>
  fc.record({
    start: fc.double({ min: 0.01, max: 100_000, noNaN: true }),
    steps: fc.array(fc.tuple(
      fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.double({ min: -0.05, max: 0.05, noNaN: true }) }),
      fc.double({ min: 0, max: 0.02, noNaN: true }),
      fc.double({ min: 0, max: 0.02, noNaN: true }),
    ), { minLength, maxLength }),
  }).map(({ start, steps }) => {
    const high: number[] = [];
    const low: number[] = [];
    const close: number[] = [];
    let open = start;
    for (const [step, up, down] of steps) {
      const c = open * (1 + step);
      high.push(Math.max(open, c) * (1 + up));
      low.push(Math.min(open, c) * (1 - down));
      close.push(c);
      open = c;
    }
    return { high, low, close };
  });

export const periodArb = fc.integer({ min: 1, max: 30 });

/**
 * Same NaN positions, and every other value within `tol` relative to max(|expected|, scale);
 * `scale` lets a quantity that can be ~0 (a σ, an RSI of 0) be judged against the data's size.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol = 1e-9, scale = 0): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      expect({ i, a: Number.isNaN(a) }).toEqual({ i, a: Number.isNaN(e) });
      continue;
    }
    const bound = tol * Math.max(Math.abs(e), scale);
    if (!(Math.abs(a - e) <= bound)) expect({ i, actual: a }).toEqual({ i, actual: e });
  }
}

export const maxAbs = (xs: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, Math.abs(xs[i]!));
  return m;
};

export const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
