import { transitionIn } from './result';

export const TRADING_STATES = ['ACTIVE', 'REDUCED', 'PAUSED', 'HALTED', 'LOCKED'] as const;
export type TradingState = (typeof TRADING_STATES)[number];
/**
 * DRAWDOWN_* come from the drawdown tiers (>10% reduce, >15% pause, >20% lock);
 * DAILY_LOSS halts until NEW_DAY; RECOVERED returns to ACTIVE when drawdown is
 * back under the first tier; COOLDOWN_ELAPSED ends a pause that equity could not end
 * (at half size). LOCKED leaves only through MANUAL_RESET (with a reason).
 */
export type TradingEvent = 'DRAWDOWN_REDUCE' | 'DRAWDOWN_PAUSE' | 'DRAWDOWN_LOCK' | 'DAILY_LOSS' | 'NEW_DAY' | 'RECOVERED' | 'COOLDOWN_ELAPSED' | 'MANUAL_RESET';

export const tradingTransitions = {
  ACTIVE: { DRAWDOWN_REDUCE: 'REDUCED', DRAWDOWN_PAUSE: 'PAUSED', DRAWDOWN_LOCK: 'LOCKED', DAILY_LOSS: 'HALTED' },
  REDUCED: { DRAWDOWN_PAUSE: 'PAUSED', DRAWDOWN_LOCK: 'LOCKED', DAILY_LOSS: 'HALTED', RECOVERED: 'ACTIVE' },
  PAUSED: { DRAWDOWN_REDUCE: 'REDUCED', DRAWDOWN_LOCK: 'LOCKED', DAILY_LOSS: 'HALTED', RECOVERED: 'ACTIVE', COOLDOWN_ELAPSED: 'REDUCED' },
  HALTED: { NEW_DAY: 'ACTIVE', DRAWDOWN_LOCK: 'LOCKED' },
  LOCKED: { MANUAL_RESET: 'ACTIVE' },
} satisfies Record<TradingState, Partial<Record<TradingEvent, TradingState>>>;

export function transitionTradingState(from: TradingState, event: TradingEvent) {
  return transitionIn<TradingState, TradingEvent>('trading state', tradingTransitions, from, event);
}
