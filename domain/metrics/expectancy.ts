import { mean } from './mean';
import type { ClosedTrade } from './types';

/**
 * Expected net pnl per trade in quote currency: the mean pnl, which is what the textbook
 * winRate × averageWin − lossRate × averageLoss reduces to. 0 without trades.
 */
export function expectancy(trades: readonly ClosedTrade[]): number {
  return mean(trades.map((t) => t.pnl));
}
