import { isAbove } from '../rounding';
import { gate } from './check';
import type { EntryContext } from './entry-context';

/**
 * Drawdown above the pause tier (15%) refuses entries, whatever the stored state says
 * (the tier machine may not have run since the last price). It is measured from the
 * pause tier's high-water mark: the peak, or the equity at which a pause cooled off.
 * Above the first tier (10% from the true peak) sizes are halved: risk_per_trade
 * applies the multiplier.
 */
export function checkDrawdown(c: EntryContext) {
  return gate('drawdown', !isAbove(c.pauseDrawdown, c.limits.drawdownPauseFraction), c.pauseDrawdown, c.limits.drawdownPauseFraction);
}
