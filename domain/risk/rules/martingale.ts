import { cap } from './check';
import type { EntryContext } from './entry-context';

/**
 * No martingale: after a losing trade, the strategy's next entry may not risk a larger
 * fraction of equity than that trade did. Threshold Infinity when the last trade won
 * (or there is none).
 */
export function checkMartingale(c: EntryContext) {
  const last = c.state.lastTradeByStrategy[c.intent.strategy];
  const proposed = (c.intent.quantity * c.perUnitRisk) / c.equity;
  if (!last?.isLoss) return cap('martingale', Infinity, proposed, 0, Infinity);
  return cap('martingale', (c.equity * last.riskFraction) / c.perUnitRisk, proposed, 0, last.riskFraction);
}
