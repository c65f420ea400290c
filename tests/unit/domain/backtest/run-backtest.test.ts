import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { runBacktest } from '@/domain/backtest/run-backtest';
import type { CandleSeries } from '@/domain/market/candle-series';

const DATA = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'data');
const load = (f: string) => loadCandlesCsv(path.join(DATA, f), { fromMs: Date.UTC(2022, 0, 1), toMs: Date.UTC(2023, 0, 1) });
const series = ['binance_BTCUSDT_1h.csv.gz', 'binance_ETHUSDT_1h.csv.gz', 'binance_SOLUSDT_1h.csv.gz', 'binance_XRPUSDT_1h.csv.gz'].map(load);
const cfg = defaultBacktestConfig();
const report = runBacktest(series, cfg);

describe('backtest over a year of real 1h candles (4 pairs, 2022)', () => {
  it('trades every strategy and journals every decision', () => {
    expect(report.trades.length).toBeGreaterThan(50);
    for (const s of cfg.strategies) expect(report.trades.some((t) => t.strategy === s.name)).toBe(true);
    const d = report.decisions;
    expect(d.approved + d.shrunk).toBe(report.trades.length + (d.skipped.fill_min_notional ?? 0) + (d.skipped.fill_min_qty ?? 0) + (d.skipped.fill_no_volume ?? 0) + (d.skipped.fill_not_triggered ?? 0));
    expect(Object.values(d.byRule).reduce((a, b) => a + b, 0)).toBe(d.shrunk + d.rejected);
  });

  it('every trade had a stop below its entry and risked no more than the limit × equity at entry', () => {
    for (const t of report.trades) {
      expect(t.stopPrice).toBeGreaterThan(0);
      expect(t.stopPrice).toBeLessThan(t.entryPrice * 1.01); // slippage can fill the entry near the stop, never a stop above it by design
      expect(t.riskAmount).toBeLessThanOrEqual(cfg.limits.riskPerTradeFraction * t.equityAtEntry * (1 + 1e-9));
      expect(t.fees).toBeGreaterThan(0);
      expect(['STOP', 'TARGET', 'SIGNAL', 'TIME', 'END']).toContain(t.exitReason);
      expect(t.exitTime).toBeGreaterThanOrEqual(t.entryTime);
    }
  });

  it('never exceeded the exposure limits at entry (notional at the entry fill, ≤ 1% over for slippage)', () => {
    for (const t of report.trades) {
      const open = report.trades.filter((o) => o.entryTime <= t.entryTime && o.exitTime > t.entryTime);
      const total = open.reduce((n, o) => n + o.qty * o.entryPrice, 0);
      const asset = open.filter((o) => o.symbol === t.symbol).reduce((n, o) => n + o.qty * o.entryPrice, 0);
      expect(total / t.equityAtEntry).toBeLessThanOrEqual(cfg.limits.maxTotalExposureFraction * 1.01);
      expect(asset / t.equityAtEntry).toBeLessThanOrEqual(cfg.limits.maxAssetExposureFraction * 1.01);
    }
  });

  it('the equity curve agrees with the trades: final equity = start + Σ pnl (fees included)', () => {
    const pnl = report.trades.reduce((n, t) => n + t.pnl, 0);
    expect(report.equity.at(-1)!.equity).toBeCloseTo(cfg.equity + pnl, 6);
    expect(report.metrics.trades).toBe(report.trades.length);
    expect(report.metrics.totalReturnPct).toBeCloseTo((pnl / cfg.equity) * 100, 6);
    for (const t of report.trades) expect(t.pnl).toBeCloseTo(t.qty * (t.exitPrice - t.entryPrice) - t.fees, 6);
  });

  it('is deterministic', () => {
    expect(runBacktest(series, cfg)).toEqual(report);
  });

  it('has no look-ahead, LEARNING included: scrambling every candle after t changes no decision at or before t', () => {
    const t = Date.UTC(2022, 2, 15); // before the run pauses at its 15% drawdown (May 2022), so later decisions exist to differ
    const scramble = (s: CandleSeries): CandleSeries => {
      const c = { ...s, open: s.open.slice(), high: s.high.slice(), low: s.low.slice(), close: s.close.slice(), volume: s.volume.slice() };
      for (let i = 0; i < s.length; i++) {
        if (s.time[i]! <= t) continue;
        const f = 1 + 0.25 * Math.sin(i / 7);
        c.open[i]! *= f; c.close[i]! *= f; c.high[i]! *= f * 1.05; c.low[i]! *= f * 0.95; c.volume[i]! *= 2;
      }
      return c;
    };
    const other = runBacktest(series.map(scramble), cfg);
    const entries = (r: typeof report) => r.trades.filter((x) => x.entryTime <= t).map(({ symbol, strategy, entryTime, entryPrice, qty, stopPrice, targetPrice, equityAtEntry, riskAmount }) =>
      ({ symbol, strategy, entryTime, entryPrice, qty, stopPrice, targetPrice, equityAtEntry, riskAmount }))
      // trades are listed by exit, and exits after t may differ: compare the entries in entry order
      .sort((a, b) => a.entryTime - b.entryTime || a.symbol.localeCompare(b.symbol) || a.strategy.localeCompare(b.strategy));
    expect(entries(other)).toEqual(entries(report));
    expect(other.equity.filter((p) => p.t <= t)).toEqual(report.equity.filter((p) => p.t <= t));
    expect(other.trades).not.toEqual(report.trades); // the scramble did change what came after t
  });
});
