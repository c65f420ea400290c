import type { ClosedTrade } from './types';

/**
 * Gross profit / gross loss (both positive), from net pnl.
 * No losing trade: Infinity when something was won (the usual convention, and it sorts above
 * every finite factor), 0 when nothing was won either (no trades, or only break-evens).
 * Infinity is not valid JSON: pass the value through finiteOrNull before serialising.
 */
export function profitFactor(trades: readonly ClosedTrade[]): number {
  let grossProfit = 0;
  let grossLoss = 0;
  for (const { pnl } of trades) {
    if (pnl > 0) grossProfit += pnl;
    else if (pnl < 0) grossLoss -= pnl;
  }
  if (grossLoss === 0) return grossProfit > 0 ? Infinity : 0;
  return grossProfit / grossLoss;
}
