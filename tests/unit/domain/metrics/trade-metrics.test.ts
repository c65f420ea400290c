import { describe, expect, it } from 'vitest';
import { averageR } from '@/domain/metrics/average-r';
import { expectancy } from '@/domain/metrics/expectancy';
import { finiteOrNull } from '@/domain/metrics/finite-or-null';
import { profitFactor } from '@/domain/metrics/profit-factor';
import { winRate } from '@/domain/metrics/win-rate';
import { TRADES, trade } from './support';

const wins = [trade({ pnl: 50, rMultiple: 1 }), trade({ pnl: 150, rMultiple: 3 })];
const losses = [trade({ pnl: -40, rMultiple: -1 }), trade({ pnl: -60, rMultiple: -1.5 })];

describe('winRate', () => {
  it('wins / trades, break-even not a win: 2 (A, C) of 5 = 0.4', () => {
    expect(winRate(TRADES)).toBeCloseTo(0.4, 12);
  });
  it('all wins 1, all losses 0, no trades 0', () => {
    expect(winRate(wins)).toBe(1);
    expect(winRate(losses)).toBe(0);
    expect(winRate([])).toBe(0);
  });
});

describe('averageR', () => {
  it('(1.5 − 1 + 2 − 0.5 + 0) / 5 = 0.4', () => {
    expect(averageR(TRADES)).toBeCloseTo(0.4, 12);
  });
  it('all wins (1 + 3)/2 = 2, all losses (−1 − 1.5)/2 = −1.25, no trades 0', () => {
    expect(averageR(wins)).toBe(2);
    expect(averageR(losses)).toBe(-1.25);
    expect(averageR([])).toBe(0);
  });
});

describe('profitFactor', () => {
  it('gross profit (300 + 200) / gross loss (100 + 50) = 3.333333', () => {
    expect(profitFactor(TRADES)).toBeCloseTo(10 / 3, 12);
  });
  it('all losses 0 / 100 = 0', () => {
    expect(profitFactor(losses)).toBe(0);
  });
  it('no losing trade: Infinity if something was won, 0 otherwise (no trades, only break-evens)', () => {
    expect(profitFactor(wins)).toBe(Infinity);
    expect(profitFactor([])).toBe(0);
    expect(profitFactor([trade({ pnl: 0 })])).toBe(0);
  });
  it('finiteOrNull turns Infinity (and NaN) into null and keeps finite values', () => {
    expect(finiteOrNull(profitFactor(wins))).toBeNull();
    expect(finiteOrNull(NaN)).toBeNull();
    expect(finiteOrNull(-Infinity)).toBeNull();
    expect(finiteOrNull(3.5)).toBe(3.5);
    expect(finiteOrNull(0)).toBe(0);
  });
});

describe('expectancy', () => {
  it('mean net pnl: (300 − 100 + 200 − 50 + 0) / 5 = 70', () => {
    expect(expectancy(TRADES)).toBe(70);
  });
  it('equals winRate × avgWin − lossRate × avgLoss: 0.4 × 250 − 0.4 × 75 = 70', () => {
    expect(0.4 * 250 - 0.4 * 75).toBeCloseTo(expectancy(TRADES), 12);
  });
  it('all wins (50 + 150)/2 = 100, all losses −50, no trades 0', () => {
    expect(expectancy(wins)).toBe(100);
    expect(expectancy(losses)).toBe(-50);
    expect(expectancy([])).toBe(0);
  });
});
