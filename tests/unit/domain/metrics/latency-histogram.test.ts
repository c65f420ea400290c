import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram, MAX_LATENCY_US } from '@/domain/metrics/latency-histogram';

/** The exact nearest-rank quantile: the smallest value with at least q·n values at or below it. */
function exact(xs: readonly number[], q: number): number {
  const sorted = xs.slice().sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1]!;
}

const filled = (xs: readonly number[]) => {
  const h = new LatencyHistogram();
  for (const x of xs) h.record(x);
  return h;
};

describe('LatencyHistogram', () => {
  it('is exact below 100 µs: 1..100 gives p50 50, p99 99, max 100', () => {
    const h = filled(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(h.count).toBe(100);
    expect(h.quantile(0.5)).toBe(50);
    expect(h.quantile(0.99)).toBe(99);
    expect(h.max).toBe(100);
  });

  it('one slow request among 99 fast ones: p50 the fast, p99 still fast (rank 99), max the slow one', () => {
    const h = filled([...Array.from({ length: 99 }, () => 2_000), 250_000]);
    expect(h.quantile(0.5)).toBeGreaterThanOrEqual(2_000);
    expect(h.quantile(0.5)).toBeLessThanOrEqual(2_020);
    expect(h.quantile(0.99)).toBeLessThanOrEqual(2_020);
    expect(h.quantile(1)).toBe(250_000);
    expect(h.max).toBe(250_000);
  });

  it('two slow among 100: p99 is the slow one, never above the true maximum', () => {
    const h = filled([...Array.from({ length: 98 }, () => 900), 180_000, 180_000]);
    expect(h.quantile(0.99)).toBe(180_000);
  });

  it('empty: every quantile 0', () => {
    const h = new LatencyHistogram();
    expect([h.count, h.max, h.quantile(0.5), h.quantile(0.99)]).toEqual([0, 0, 0, 0]);
  });

  it('clamps what a column cannot hold: negative to 0, fractions rounded, infinite and huge to the int4 maximum', () => {
    const h = filled([-5, 12.4, Infinity, 1e12]);
    expect(h.quantile(0.25)).toBe(0);
    expect(h.quantile(0.5)).toBe(12);
    expect(h.max).toBe(MAX_LATENCY_US);
    expect(h.quantile(1)).toBe(MAX_LATENCY_US);
  });

  it('property: every quantile is the exact one or at most 1% above it, never below', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 60_000_000 }), { minLength: 1, maxLength: 400 }),
      fc.constantFrom(0.01, 0.25, 0.5, 0.9, 0.99, 1),
      (xs, q) => {
        const got = filled(xs).quantile(q);
        const want = exact(xs, q);
        expect(got).toBeGreaterThanOrEqual(want);
        expect(got).toBeLessThanOrEqual(Math.max(want + 1, want * 1.01));
      },
    ), { numRuns: 500 });
  });
});
