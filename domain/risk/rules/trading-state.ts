import { gate, TRADING_STATE_CODE } from './check';
import type { EntryContext } from './entry-context';

/** Entries only while ACTIVE or REDUCED; PAUSED, HALTED and LOCKED refuse them. Input: the state's code. */
export function checkTradingState(c: EntryContext) {
  const code = TRADING_STATE_CODE[c.state.tradingState];
  return gate('trading_state', code <= TRADING_STATE_CODE.REDUCED, code, TRADING_STATE_CODE.REDUCED);
}
