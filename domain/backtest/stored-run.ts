import { downsampleCurve } from '../research/downsample-curve';
import type { BacktestReport } from './types';

/** A stored run keeps at most this many points of its equity curve (the first and the last always). */
export const STORED_CURVE_POINTS = 2000;

/**
 * What a BacktestRun row stores of a report, whoever ran it (`npm run backtest`, a sweep's
 * research worker): the metrics with the per-strategy figures, the decisions and the risk
 * events, and the equity curve downsampled.
 */
export function storedRun(report: BacktestReport): { metrics: Record<string, unknown>; equityCurve: { t: number; equity: number }[] } {
  return {
    metrics: { ...report.metrics, byStrategy: report.byStrategy, decisions: report.decisions, riskEvents: report.riskEvents },
    equityCurve: downsampleCurve(report.equity, STORED_CURVE_POINTS),
  };
}
