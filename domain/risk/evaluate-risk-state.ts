import { transitionTradingState, type TradingEvent, type TradingState } from '../machines/trading-state';
import type { RiskLimits } from './limits';
import { isAbove } from './rounding';
import { tradingDayKey } from './trading-day';
import { lossFraction } from './loss-fraction';

export interface RiskStateSnapshot {
  tradingState: TradingState;
  peakEquity: number;
  dayStartEquity: number;
  /** any instant of the current trading day (its key is derived with the time zone) */
  dayStartedAt: Date;
}

export interface RiskStateEvent {
  event: TradingEvent;
  from: TradingState;
  to: TradingState;
  drawdown: number;
  dayLoss: number;
  threshold: number;
}

export interface RiskStateEvaluation extends RiskStateSnapshot {
  drawdown: number;
  dayLoss: number;
  isNewDay: boolean;
  events: RiskStateEvent[];
}

/**
 * The drawdown tiers and the daily halt as a state machine, evaluated on every equity
 * update. LOCKED (drawdown > 20%) is absorbing: only an admin's reset leaves it, never a
 * recovery. HALTED (daily loss > 5%) lasts until the next trading day. Below those,
 * the tier follows the drawdown: > 15% PAUSED, > 10% REDUCED (half size), else ACTIVE.
 * Each state change is returned as an event, for alerts and the audit log.
 */
export function evaluateRiskState(prev: RiskStateSnapshot, equity: number, now: Date, limits: RiskLimits, timeZone = 'UTC'): RiskStateEvaluation {
  const events: RiskStateEvent[] = [];
  let state = prev.tradingState;
  const isNewDay = tradingDayKey(now, timeZone) !== tradingDayKey(prev.dayStartedAt, timeZone);
  const dayStartEquity = isNewDay ? equity : prev.dayStartEquity;
  const peakEquity = Math.max(prev.peakEquity, equity);
  const drawdown = lossFraction(peakEquity, equity);
  const dayLoss = lossFraction(dayStartEquity, equity);
  const move = (event: TradingEvent, threshold: number) => {
    const r = transitionTradingState(state, event);
    if (!r.ok) throw new Error(`risk state machine bug: ${r.error.message}`);
    events.push({ event, from: state, to: r.value, drawdown, dayLoss, threshold });
    state = r.value;
  };

  if (state === 'HALTED' && isNewDay) move('NEW_DAY', limits.dailyLossFraction);
  if (state !== 'LOCKED') {
    if (isAbove(drawdown, limits.drawdownLockFraction)) {
      move('DRAWDOWN_LOCK', limits.drawdownLockFraction);
    } else if (state !== 'HALTED') {
      if (isAbove(dayLoss, limits.dailyLossFraction)) {
        move('DAILY_LOSS', limits.dailyLossFraction);
      } else {
        const tier: TradingState = isAbove(drawdown, limits.drawdownPauseFraction) ? 'PAUSED'
          : isAbove(drawdown, limits.drawdownReduceFraction) ? 'REDUCED' : 'ACTIVE';
        if (tier !== state) {
          if (tier === 'PAUSED') move('DRAWDOWN_PAUSE', limits.drawdownPauseFraction);
          else if (tier === 'REDUCED') move('DRAWDOWN_REDUCE', limits.drawdownReduceFraction);
          else move('RECOVERED', limits.drawdownReduceFraction);
        }
      }
    }
  }
  return { tradingState: state, peakEquity, dayStartEquity, dayStartedAt: isNewDay ? now : prev.dayStartedAt, drawdown, dayLoss, isNewDay, events };
}
