import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { downsampleCurve } from '@/domain/research/downsample-curve';

describe('downsampleCurve', () => {
  it('keeps a short curve whole', () => {
    expect(downsampleCurve([1, 2, 3], 500)).toEqual([1, 2, 3]);
  });

  it('never exceeds the bound, keeps first and last, keeps order', () => {
    fc.assert(fc.property(fc.array(fc.integer(), { maxLength: 5000 }), fc.integer({ min: 2, max: 600 }), (xs, max) => {
      const ys = downsampleCurve(xs.map((x, i) => ({ i, x })), max);
      expect(ys.length).toBeLessThanOrEqual(max);
      if (xs.length) {
        expect(ys[0]!.i).toBe(0);
        expect(ys.at(-1)!.i).toBe(xs.length - 1);
      }
      for (let k = 1; k < ys.length; k++) expect(ys[k]!.i).toBeGreaterThan(ys[k - 1]!.i);
    }));
  });
});
