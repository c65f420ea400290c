import { cap } from './check';
import type { EntryContext } from './entry-context';

/**
 * Risk per trade: (|entry − stop| + fees) × qty ≤ riskPerTrade × equity (1% by
 * default, at most 2%), halved while drawdown is above the first tier.
 */
export function checkRiskPerTrade(c: EntryContext) {
  const limitFraction = c.limits.riskPerTradeFraction * c.sizeMultiplier;
  const maxQty = (c.equity * limitFraction) / c.perUnitRisk;
  const proposed = (c.intent.quantity * c.perUnitRisk) / c.equity;
  return cap('risk_per_trade', maxQty, proposed, 0, limitFraction);
}
