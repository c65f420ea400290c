import { transitionTradingState, type TradingState } from '../machines/trading-state';
import type { RiskStateEvent, RiskStateSnapshot } from './evaluate-risk-state';

export interface Rebase extends RiskStateSnapshot {
  equity: number;
  events: RiskStateEvent[];
}

/**
 * A stage change (promotion or rollback) sets new stage capital; equity, peak and
 * day-start are rebased to it, otherwise a rollback from 25% to 10% would read as a
 * 60% drawdown. The drawdown tiers (REDUCED, PAUSED) therefore reset; HALTED stays
 * until the next day; a rebase never clears LOCKED.
 */
export function rebaseOnStageChange(prev: RiskStateSnapshot, stageCapital: number, now: Date): Rebase {
  const events: RiskStateEvent[] = [];
  let state: TradingState = prev.tradingState;
  if (state === 'REDUCED' || state === 'PAUSED') {
    const r = transitionTradingState(state, 'RECOVERED');
    if (!r.ok) throw new Error(`risk state machine bug: ${r.error.message}`);
    events.push({ event: 'RECOVERED', from: state, to: r.value, drawdown: 0, dayLoss: 0, threshold: 0 });
    state = r.value;
  }
  return {
    equity: stageCapital, peakEquity: stageCapital, pauseAnchorEquity: stageCapital, pausedUntil: null, dayStartEquity: stageCapital, tradingState: state,
    dayStartedAt: prev.tradingState === 'HALTED' ? prev.dayStartedAt : now, events,
  };
}

export type ResetResult = { ok: true; value: Rebase } | { ok: false; error: string };

/**
 * An admin's manual reset of a LOCKED system, with a written reason: back to ACTIVE,
 * and the peak rebased to current equity, or the next evaluation would lock again at once.
 */
export function resetLock(prev: RiskStateSnapshot, equity: number, reason: string): ResetResult {
  if (prev.tradingState !== 'LOCKED') return { ok: false, error: `the system is ${prev.tradingState}, not LOCKED: nothing to reset` };
  if (reason.trim().length < 10) return { ok: false, error: 'a written reason of at least 10 characters is required to reset a lock' };
  const r = transitionTradingState('LOCKED', 'MANUAL_RESET');
  if (!r.ok) return { ok: false, error: r.error.message };
  return {
    ok: true,
    value: {
      equity, peakEquity: equity, pauseAnchorEquity: equity, pausedUntil: null, dayStartEquity: prev.dayStartEquity, dayStartedAt: prev.dayStartedAt, tradingState: r.value,
      events: [{ event: 'MANUAL_RESET', from: 'LOCKED', to: r.value, drawdown: 0, dayLoss: 0, threshold: 0 }],
    },
  };
}
