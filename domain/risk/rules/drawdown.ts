import { isAbove } from '../rounding';
import { gate } from './check';
import type { EntryContext } from './entry-context';

/**
 * Drawdown from peak above the pause tier (15%) refuses entries, whatever the stored
 * state says (the tier machine may not have run since the last price). Above the
 * first tier (10%) sizes are halved: risk_per_trade applies the multiplier.
 */
export function checkDrawdown(c: EntryContext) {
  return gate('drawdown', !isAbove(c.drawdown, c.limits.drawdownPauseFraction), c.drawdown, c.limits.drawdownPauseFraction);
}
