import type { TradingState } from '../machines/trading-state';

export interface OpenPermission {
  canOpen: boolean;
  /** why not, for the journal and the dashboard */
  reason?: string;
}

/**
 * Whether the worker may open a new position. Safe mode is a separate flag from the
 * trading state: with it on, nothing new opens but every stop stays where it is.
 */
export function canOpenPositions(s: { tradingState: TradingState; isSafeMode: boolean }): OpenPermission {
  if (s.isSafeMode) return { canOpen: false, reason: 'safe mode is on: no new positions, stops stay in place' };
  switch (s.tradingState) {
    case 'ACTIVE':
    case 'REDUCED':
      return { canOpen: true };
    case 'PAUSED':
      return { canOpen: false, reason: 'trading paused: drawdown above the pause tier' };
    case 'HALTED':
      return { canOpen: false, reason: 'trading halted for the day: daily loss limit reached' };
    case 'LOCKED':
      return { canOpen: false, reason: 'system locked: drawdown above the lock tier, manual reset required' };
  }
}
