import { mean } from './mean';
import type { ClosedTrade } from './types';

/**
 * Mean R multiple (pnl over the risk planned at entry). It is also the expectancy in R:
 * winRate × average win R − lossRate × average loss R reduces to the plain mean. 0 without trades.
 */
export function averageR(trades: readonly ClosedTrade[]): number {
  return mean(trades.map((t) => t.rMultiple));
}
