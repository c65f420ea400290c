import { gate } from './check';
import type { EntryContext } from './entry-context';

/** Safe mode on: no new entries (exits and stop tightening still pass). */
export function checkSafeMode(c: EntryContext) {
  return gate('safe_mode', !c.state.isSafeMode, c.state.isSafeMode ? 1 : 0, 0);
}
