import { describe, expect, it } from 'vitest';
import { computeMetrics } from '@/domain/metrics/compute-metrics';
import { performanceReport, type PerfSnapshot, type PerfTrade } from '@/server/services/performance/performance-report';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2025, 0, 1);

/** 30 days of hourly equity with one deep dip in the middle. */
function series(): PerfSnapshot[] {
  const out: PerfSnapshot[] = [];
  let peak = 0;
  for (let h = 0; h < 30 * 24; h++) {
    const equity = 10_000 + h * 2 - (h === 360 ? 1_500 : 0);
    peak = Math.max(peak, equity);
    out.push({ t: T0 + h * HOUR, equity, drawdown: (peak - equity) / peak });
  }
  return out;
}
const trades: PerfTrade[] = [
  { strategy: 'ema_cross', pnl: 120, rMultiple: 1.2, fees: 2, entryTime: T0, exitTime: T0 + DAY },
  { strategy: 'ema_cross', pnl: -50, rMultiple: -0.5, fees: 2, entryTime: T0 + DAY, exitTime: T0 + 2 * DAY },
  { strategy: 'rsi_reversion', pnl: 80, rMultiple: 0.8, fees: 1, entryTime: T0, exitTime: T0 + 3 * DAY },
];

describe('performanceReport', () => {
  it('uses the backtest metric functions on the full series, not on the downsampled chart', () => {
    const s = series();
    const r = performanceReport(s, trades, 50);
    const m = computeMetrics(trades, s);
    expect(r.metrics).toMatchObject({ trades: 3, sharpe: m.sharpe, maxDrawdown: m.maxDrawdown, winRate: m.winRate, avgR: m.avgR, profitFactor: m.profitFactorFinite, expectancy: m.expectancy });
    expect(r.metrics.dailyReturns).toBe(29);
  });

  it('downsamples the chart to the bucket count, keeping the deepest drawdown and the last equity of each bucket', () => {
    const s = series();
    const r = performanceReport(s, trades, 50);
    expect(r.curve.length).toBeLessThanOrEqual(51);
    expect(Math.max(...r.curve.map((p) => p.drawdown))).toBeCloseTo(Math.max(...s.map((p) => p.drawdown)), 12);
    expect(r.curve.at(-1)).toMatchObject({ t: s.at(-1)!.t, equity: s.at(-1)!.equity });
  });

  it('daily P&L bars are the day-close differences and add up to the change over the period', () => {
    const s = series();
    const r = performanceReport(s, trades);
    expect(r.daily).toHaveLength(29);
    const sum = r.daily.reduce((a, d) => a + d.pnl, 0);
    const firstClose = s.filter((p) => p.t < T0 + DAY).at(-1)!.equity;
    expect(sum).toBeCloseTo(s.at(-1)!.equity - firstClose, 9);
    expect(r.daily[0]!.day).toBe(T0 + DAY);
  });

  it('per strategy: trades, win rate, average R, expectancy and profit factor of its own trades', () => {
    const r = performanceReport(series(), trades);
    expect(r.byStrategy).toEqual([
      { strategy: 'ema_cross', trades: 2, winRate: 0.5, avgR: expect.closeTo(0.35, 12), expectancy: 35, profitFactor: 2.4, pnl: 70 },
      { strategy: 'rsi_reversion', trades: 1, winRate: 1, avgR: 0.8, expectancy: 80, profitFactor: null, pnl: 80 },
    ]);
  });

  it('no data: zeros, empty charts, nothing NaN', () => {
    const r = performanceReport([], []);
    expect(r.curve).toEqual([]);
    expect(r.daily).toEqual([]);
    expect(Object.values(r.metrics).every((v) => v === null || Number.isFinite(v))).toBe(true);
  });
});
