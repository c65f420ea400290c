import type { ClosedTrade } from './types';

/** Fraction of trades with net pnl > 0; a break-even trade (pnl 0) is not a win. 0 without trades. */
export function winRate(trades: readonly ClosedTrade[]): number {
  if (trades.length === 0) return 0;
  let wins = 0;
  for (const t of trades) if (t.pnl > 0) wins++;
  return wins / trades.length;
}
