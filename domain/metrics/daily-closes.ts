import type { EquityPoint } from './types';

const DAY_MS = 86_400_000;

/**
 * Equity at the end of each UTC day, from the first sample's day to the last one's, one value
 * per day. A day without a sample carries the previous close: equity did not move, and skipping
 * the day would hide a flat stretch from the volatility. Expects `equity` sorted by `t`.
 */
export function dailyCloses(equity: readonly EquityPoint[]): number[] {
  const first = equity[0];
  if (first === undefined) return [];
  const closes: number[] = [];
  let day = Math.floor(first.t / DAY_MS);
  let last = first.equity;
  for (const point of equity) {
    const pointDay = Math.floor(point.t / DAY_MS);
    for (; day < pointDay; day++) closes.push(last);
    last = point.equity;
  }
  closes.push(last);
  return closes;
}
