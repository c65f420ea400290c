import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sharpeRatio } from '@/domain/metrics/sharpe-ratio';
import { sortinoRatio } from '@/domain/metrics/sortino-ratio';

// the fixture's daily returns (support.ts)
const R = [0.1, 0, -0.1, 0.1];

describe('sharpeRatio', () => {
  it('matches the hand computation', () => {
    // mean = 0.1/4 = 0.025
    // deviations 0.075, −0.025, −0.125, 0.075 → squares 0.005625 + 0.000625 + 0.015625 + 0.005625 = 0.0275
    // sample variance 0.0275/3 = 0.0091667, sd = 0.0957427
    // 0.025/0.0957427 = 0.2611165; × √365 (19.1049732) = 4.988623
    expect(sharpeRatio(R)).toBeCloseTo(4.988623, 6);
  });

  it('second fixture: +10%, −10%, +10%', () => {
    // mean 1/30; squares (2/30)² + (4/30)² + (2/30)² = 24/900, /2 = 1/75, sd = 1/√75
    // √75/30 = 0.2886751 × 19.1049732 = 5.515131
    expect(sharpeRatio([0.1, -0.1, 0.1])).toBeCloseTo(5.515131, 6);
  });

  it('is negative when the mean return is', () => {
    expect(sharpeRatio(R.map((r) => -r))).toBeCloseTo(-4.988623, 6);
  });

  it('honours another annualisation (252 trading days): 0.2611165 × √252 (15.874508) = 4.145096', () => {
    expect(sharpeRatio(R, 252)).toBeCloseTo(4.145096, 6);
  });

  it('is 0 when undefined: no returns, one return, flat equity, constant returns', () => {
    expect(sharpeRatio([])).toBe(0);
    expect(sharpeRatio([0.05])).toBe(0);
    expect(sharpeRatio([0, 0, 0])).toBe(0);
    expect(sharpeRatio([0.01, 0.01, 0.01, 0.01])).toBe(0);
  });

  it('noise is relative to the returns: tiny but real variation still counts', () => {
    // +1e-12, −1e-12: mean 0 → 0; +2e-12, 0: mean 1e-12, sd √2e-12 → 0.7071068 × √365 = 13.509256
    expect(sharpeRatio([2e-12, 0])).toBeCloseTo(13.509256, 5);
  });

  it('law: scaling every return by k > 0 leaves Sharpe and Sortino unchanged (they are ratios)', () => {
    fc.assert(fc.property(
      // daily returns in basis-point steps: squares of 1e-160 underflow, which no equity curve produces
      fc.array(fc.integer({ min: -5_000, max: 5_000 }).map((bp) => bp / 10_000), { minLength: 2, maxLength: 30 }),
      fc.double({ min: 0.1, max: 10, noNaN: true }),
      (returns, k) => {
        const scaled = returns.map((r) => r * k);
        expect(sharpeRatio(scaled)).toBeCloseTo(sharpeRatio(returns), 6);
        expect(sortinoRatio(scaled)).toBeCloseTo(sortinoRatio(returns), 6);
      }), { numRuns: 500 });
  });
});

describe('sortinoRatio', () => {
  it('matches the hand computation (downside over all 4 days)', () => {
    // min(r, 0): 0, 0, −0.1, 0 → squares sum 0.01; /4 days = 0.0025; √ = 0.05
    // 0.025/0.05 = 0.5; × √365 = 9.552487
    expect(sortinoRatio(R)).toBeCloseTo(9.552487, 6);
  });

  it('second fixture: downside √(0.01/3) = 0.0577350, (1/30)/0.0577350 = 0.5773503, × √365 = 11.030261', () => {
    expect(sortinoRatio([0.1, -0.1, 0.1])).toBeCloseTo(11.030261, 6);
  });

  it('all losing days: mean −0.02, downside √((0.01² + 0.03²)/2) = 0.0223607 → −0.8944272 × √365 = −17.088007', () => {
    expect(sortinoRatio([-0.01, -0.03])).toBeCloseTo(-17.088007, 5);
  });

  it('is 0 when undefined: no returns, one return, no losing day (would be +Infinity), flat', () => {
    expect(sortinoRatio([])).toBe(0);
    expect(sortinoRatio([-0.05])).toBe(0);
    expect(sortinoRatio([0.01, 0.02, 0])).toBe(0);
    expect(sortinoRatio([0, 0])).toBe(0);
  });
});
