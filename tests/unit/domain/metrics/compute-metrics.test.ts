import { describe, expect, it } from 'vitest';
import { computeMetrics } from '@/domain/metrics/compute-metrics';
import { EQUITY, TRADES, point, trade } from './support';

describe('computeMetrics: the hand fixture (support.ts)', () => {
  const m = computeMetrics(TRADES, EQUITY);

  it('every metric matches the arithmetic in the unit tests', () => {
    expect(m.trades).toBe(5);
    expect(m.sharpe).toBeCloseTo(4.988623, 6); // 0.025 / 0.0957427 × √365
    expect(m.sortino).toBeCloseTo(9.552487, 6); // 0.025 / 0.05 × √365
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12); // 11,000 → 9,900
    expect(m.maxDrawdownPct).toBeCloseTo(10, 10);
    expect(m.totalReturn).toBeCloseTo(0.089, 12); // 10,890 / 10,000 − 1
    expect(m.totalReturnPct).toBeCloseTo(8.9, 10);
    expect(m.winRate).toBeCloseTo(0.4, 12); // 2 of 5
    expect(m.avgR).toBeCloseTo(0.4, 12); // 2 / 5
    expect(m.expectancyR).toBeCloseTo(0.4, 12);
    expect(m.profitFactor).toBeCloseTo(10 / 3, 12); // 500 / 150
    expect(m.profitFactorFinite).toBeCloseTo(10 / 3, 12);
    expect(m.expectancy).toBe(70); // 350 / 5
    expect(m.exposureTime).toBe(0.5); // 48 h of 96 h
    expect(m.totalFees).toBe(30); // 10 + 8 + 6 + 4 + 2
  });

  it('serialises to JSON without losing a field', () => {
    expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  });
});

describe('computeMetrics: edge cases', () => {
  it('no trades and no equity: all zero, nothing NaN', () => {
    const m = computeMetrics([], []);
    for (const [key, value] of Object.entries(m)) expect(value, key).toBe(0);
  });

  it('no trades on a flat equity: zero everywhere', () => {
    const flat = [point('2024-01-01T00:00:00Z', 1_000), point('2024-01-03T00:00:00Z', 1_000), point('2024-01-05T00:00:00Z', 1_000)];
    const m = computeMetrics([], flat);
    for (const [key, value] of Object.entries(m)) expect(value, key).toBe(0);
  });

  it('one day: no daily return, so Sharpe and Sortino are 0, the rest still counts', () => {
    const day = [point('2024-01-01T00:00:00Z', 1_000), point('2024-01-01T06:00:00Z', 900), point('2024-01-01T12:00:00Z', 1_100)];
    const t = trade({ pnl: 100, rMultiple: 1, fees: 1, entryTime: day[0]!.t, exitTime: day[1]!.t });
    const m = computeMetrics([t], day);
    expect(m).toMatchObject({ sharpe: 0, sortino: 0, trades: 1, winRate: 1, exposureTime: 0.5 });
    expect(m.maxDrawdown).toBeCloseTo(0.1, 12); // 1,000 → 900
    expect(m.totalReturn).toBeCloseTo(0.1, 12); // 1,100 / 1,000 − 1
  });

  it('all wins: win rate 1, profit factor Infinity, its finite form null, Sortino 0 (no losing day)', () => {
    const up = [point('2024-01-01T00:00:00Z', 1_000), point('2024-01-02T00:00:00Z', 1_100), point('2024-01-03T00:00:00Z', 1_210)];
    const m = computeMetrics([trade({ pnl: 100, rMultiple: 2 }), trade({ pnl: 110, rMultiple: 2 })], up);
    expect(m).toMatchObject({ winRate: 1, avgR: 2, profitFactor: Infinity, profitFactorFinite: null, expectancy: 105, sortino: 0, maxDrawdown: 0 });
    // returns +0.1, +0.1: constant, so Sharpe is undefined too
    expect(m.sharpe).toBe(0);
    expect(JSON.parse(JSON.stringify(m)).profitFactorFinite).toBeNull();
  });

  it('all losses: win rate 0, profit factor 0, negative expectancy and ratios', () => {
    // closes 1,000, 900, 855 → returns −0.1, −0.05; mean −0.075
    // Sharpe: sd = √((0.025² + 0.025²)/1) = 0.0353553 → −2.1213203 × √365 = −40.527768
    // Sortino: downside √((0.01 + 0.0025)/2) = 0.0790569 → −0.9486833 × √365 = −18.124569
    const down = [point('2024-01-01T00:00:00Z', 1_000), point('2024-01-02T00:00:00Z', 900), point('2024-01-03T00:00:00Z', 855)];
    const m = computeMetrics([trade({ pnl: -100, rMultiple: -1 }), trade({ pnl: -45, rMultiple: -0.5 })], down);
    expect(m).toMatchObject({ winRate: 0, profitFactor: 0, profitFactorFinite: 0, expectancy: -72.5, avgR: -0.75 });
    expect(m.sharpe).toBeCloseTo(-40.527768, 5);
    expect(m.sortino).toBeCloseTo(-18.124569, 5);
    expect(m.maxDrawdown).toBeCloseTo(0.145, 12); // 145 / 1,000
  });
});
