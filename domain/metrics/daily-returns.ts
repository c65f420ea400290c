import { dailyCloses } from './daily-closes';
import type { EquityPoint } from './types';

/**
 * Simple returns between consecutive UTC day closes (see dailyCloses): n days give n - 1
 * returns, so the move inside the first day is not one of them (totalReturn still counts it).
 * A day that starts from equity <= 0 has no defined return; it counts as 0 rather than ±Infinity.
 */
export function dailyReturns(equity: readonly EquityPoint[]): number[] {
  const closes = dailyCloses(equity);
  const returns: number[] = [];
  for (let i = 1; i < closes.length; i++) {
    const prev = closes[i - 1] as number;
    returns.push(prev > 0 ? (closes[i] as number) / prev - 1 : 0);
  }
  return returns;
}
