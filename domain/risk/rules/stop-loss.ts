import { gate } from './check';
import type { EntryContext } from './entry-context';

/** A stop is mandatory. Input: 1 when present. */
export function checkStopRequired(c: EntryContext) {
  const s = c.intent.stopPrice;
  const isPresent = s !== null && Number.isFinite(s) && s > 0;
  return gate('stop.required', isPresent, isPresent ? 1 : 0, 1);
}

/** The stop sits on the losing side of the entry: below for a long, above for a short. */
export function checkStopSide(c: EntryContext) {
  const { stopPrice, entryPrice, side } = c.intent;
  const stop = stopPrice ?? NaN;
  const isOk = side === 'LONG' ? stop < entryPrice : stop > entryPrice;
  return gate('stop.side', isOk, stop, entryPrice);
}
