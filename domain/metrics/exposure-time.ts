import type { ClosedTrade } from './types';

/**
 * Fraction of [fromMs, toMs] during which at least one position was open. Trade intervals
 * [entryTime, exitTime] are clipped to the period and merged, so two overlapping positions
 * count once: this is time in the market, not capital in the market. 0 for an empty period.
 */
export function exposureTime(trades: readonly ClosedTrade[], fromMs: number, toMs: number): number {
  if (!(toMs > fromMs)) return 0;
  const intervals: [number, number][] = [];
  for (const t of trades) {
    const start = Math.max(t.entryTime, fromMs);
    const end = Math.min(t.exitTime, toMs);
    if (end > start) intervals.push([start, end]);
  }
  intervals.sort((a, b) => a[0] - b[0]);
  let covered = 0;
  let runEnd = fromMs;
  for (const [start, end] of intervals) {
    // count only the part of each interval past the end of the run so far
    const from = Math.max(start, runEnd);
    if (end > from) {
      covered += end - from;
      runEnd = end;
    }
  }
  return covered / (toMs - fromMs);
}
