import { z } from 'zod';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { runBacktest } from '@/domain/backtest/run-backtest';
import { storedRun } from '@/domain/backtest/stored-run';
import { indexAtOrBefore, type CandleSeries } from '@/domain/market/candle-series';
import { STRATEGY_NAMES } from '@/domain/strategies/registry';

/** One backtest to compute, as sent to a thread (zod-checked there: it crossed a boundary). */
export const backtestTaskSchema = z.object({
  file: z.string().min(1),
  strategy: z.enum(STRATEGY_NAMES),
  params: z.record(z.string(), z.unknown()),
  fromMs: z.number().int(),
  toMs: z.number().int(),
  equity: z.number().positive(),
});
export type BacktestTask = z.infer<typeof backtestTaskSchema>;

export interface BacktestTaskResult {
  metrics: Record<string, unknown>;
  equityCurve: { t: number; equity: number }[];
  candles: number;
}

/** Parsed candle files by path: a sweep runs many cells on one file, parsing it once per thread. */
export type SeriesCache = Map<string, CandleSeries>;

/** The candles with from ≤ time < to, as views on the cached file (no copy); the same set loadCandlesCsv's fromMs/toMs keeps. */
export function sliceSeries(s: CandleSeries, fromMs: number, toMs: number): CandleSeries {
  const start = indexAtOrBefore(s, fromMs - 1) + 1;
  const end = Math.max(start, indexAtOrBefore(s, toMs - 1) + 1);
  const cut = (a: Float64Array) => a.subarray(start, end);
  return { ...s, length: end - start, time: cut(s.time), open: cut(s.open), high: cut(s.high), low: cut(s.low), close: cut(s.close), volume: cut(s.volume) };
}

/**
 * One sweep cell: one strategy with its parameters on one symbol over one period, the
 * full pipeline with the default risk limits and fills, stored as scripts/backtest.ts
 * stores a run (metrics with byStrategy, decisions and risk events; the curve downsampled).
 * CPU-bound: called inside a worker thread (backtest-thread.ts), never on the worker's loop.
 */
export function runBacktestTask(task: BacktestTask, cache: SeriesCache): BacktestTaskResult {
  let full = cache.get(task.file);
  if (!full) {
    full = loadCandlesCsv(task.file);
    cache.set(task.file, full);
  }
  const series = sliceSeries(full, task.fromMs, task.toMs);
  const cfg = defaultBacktestConfig({ equity: task.equity, strategies: [{ name: task.strategy, params: task.params }] });
  const report = runBacktest([series], cfg);
  return { ...storedRun(report), candles: series.length };
}
