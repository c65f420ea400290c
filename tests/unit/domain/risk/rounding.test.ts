import { describe, expect, it } from 'vitest';
import { ceilToStep, floorToStep, isAbove, isBelow } from '@/domain/risk/rounding';

describe('isAbove / isBelow: thresholds pass at equality', () => {
  it('exactly 30% is not above 30%; 30.0001% is', () => {
    expect(isAbove(0.3, 0.3)).toBe(false);
    expect(isAbove(0.300001, 0.3)).toBe(true);
    expect(isAbove(0.299999, 0.3)).toBe(false);
  });

  it('absorbs float64 noise (0.1 + 0.2 is not above 0.3)', () => {
    expect(0.1 + 0.2).toBeGreaterThan(0.3);
    expect(isAbove(0.1 + 0.2, 0.3)).toBe(false);
  });

  it('isBelow mirrors it: 1.5 is not below 1.5; 1.4999 is', () => {
    expect(isBelow(1.5, 1.5)).toBe(false);
    expect(isBelow(1.4999, 1.5)).toBe(true);
    expect(isBelow(1.5 - 1e-15, 1.5)).toBe(false);
  });

  it('a zero limit has no tolerance', () => {
    expect(isAbove(1e-12, 0)).toBe(true);
    expect(isBelow(-1e-12, 0)).toBe(true);
  });

  it('NaN is neither above nor below anything (callers must reject it separately)', () => {
    expect(isAbove(NaN, 1)).toBe(false);
    expect(isBelow(NaN, 1)).toBe(false);
  });
});

describe('floorToStep', () => {
  it('rounds down to the step', () => {
    expect(floorToStep(1.23456, 0.001)).toBe(1.234);
    expect(floorToStep(16.6666, 0.01)).toBe(16.66);
    expect(floorToStep(7, 2)).toBe(6);
  });

  it('returns clean decimals (no 0.30000000000000004 for the exchange to refuse)', () => {
    expect(floorToStep(0.3, 0.1)).toBe(0.3);
    expect(floorToStep(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(floorToStep(0.7, 0.1)).toBe(0.7);
  });

  it('returns 0 for nothing, a negative or NaN quantity', () => {
    expect(floorToStep(0, 0.1)).toBe(0);
    expect(floorToStep(-1, 0.1)).toBe(0);
    expect(floorToStep(NaN, 0.1)).toBe(0);
  });

  it('leaves the quantity alone without a step', () => {
    expect(floorToStep(1.23456, 0)).toBe(1.23456);
  });

  // regression (rounding.ts, floorToStep): fixed; keeps the case that once failed
  it('keeps an exact multiple of a fine step (0.59637254 at step 1e-8)', () => {
    expect(floorToStep(0.59637254, 1e-8)).toBe(0.59637254);
  });

  it('is idempotent (2.20684385 at step 1e-8)', () => {
    const once = floorToStep(2.20684385, 1e-8);
    expect(floorToStep(once, 1e-8)).toBe(once);
  });
});

describe('ceilToStep', () => {
  it('rounds up to the step, leaving exact multiples alone', () => {
    expect(ceilToStep(1.2341, 0.001)).toBe(1.235);
    expect(ceilToStep(1.234, 0.001)).toBe(1.234);
    expect(ceilToStep(0.1 + 0.2, 0.1)).toBe(0.3);
  });

  it('leaves the value alone without a step', () => {
    expect(ceilToStep(1.23456, 0)).toBe(1.23456);
  });
});

describe('floorToStep never rounds up, even with 1e11 steps', () => {
  it.each([
    [1822.4417553485825, 1e-8, 1822.44175534],
    [1000.000000009, 1e-8, 1000],
    [999931903967 * 1e-8, 1e-8, 9999.31903967],
  ])('floorToStep(%s, %s) = %s', (qty, step, expected) => {
    expect(floorToStep(qty, step)).toBe(expected);
    expect(floorToStep(qty, step)).toBeLessThanOrEqual(qty);
  });
});
