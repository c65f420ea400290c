import { isAbove } from '../rounding';
import { gate } from './check';
import type { EntryContext } from './entry-context';

/** Margin leverage at most 2x (spot is 1x). */
export function checkLeverage(c: EntryContext) {
  const lev = c.intent.leverage;
  return gate('leverage', Number.isFinite(lev) && lev >= 1 && !isAbove(lev, c.limits.maxLeverage), lev, c.limits.maxLeverage);
}
