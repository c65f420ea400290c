import { isAbove } from '../rounding';
import { gate } from './check';
import type { EntryContext } from './entry-context';

/** Equity more than the daily limit (5%) below the day's start: no entries until the next day. */
export function checkDailyLoss(c: EntryContext) {
  return gate('daily_loss', !isAbove(c.dayLoss, c.limits.dailyLossFraction), c.dayLoss, c.limits.dailyLossFraction);
}
