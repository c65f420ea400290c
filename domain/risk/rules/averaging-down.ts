import { gate } from './check';
import type { EntryContext } from './entry-context';

/**
 * No averaging down: no entry that adds to an open position of the same symbol and
 * side while it is in loss at mark price. Input: that position's unrealised P&L as a
 * fraction of its entry notional (negative = in loss).
 */
export function checkAveragingDown(c: EntryContext) {
  const { symbol, side } = c.intent;
  let worst = 0;
  for (const p of c.state.positions) {
    if (p.symbol !== symbol || p.side !== side) continue;
    const move = side === 'LONG' ? p.markPrice - p.entryPrice : p.entryPrice - p.markPrice;
    const pnlFraction = move / p.entryPrice;
    if (pnlFraction < worst) worst = pnlFraction;
  }
  return gate('averaging_down', worst >= 0, worst, 0);
}
