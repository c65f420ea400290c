import { transitionTradingState, type TradingEvent, type TradingState } from '../machines/trading-state';
import type { RiskLimits } from './limits';
import { isAbove } from './rounding';
import { tradingDayKey } from './trading-day';
import { lossFraction } from './loss-fraction';

const HOUR_MS = 3_600_000;

export interface RiskStateSnapshot {
  tradingState: TradingState;
  peakEquity: number;
  /**
   * The high-water mark the pause tier is measured from: the peak, except after a
   * pause's cool-off ended, when it restarts at the equity of that moment (and rises
   * with equity back to the peak). The reduce and lock tiers always use the true peak.
   */
  pauseAnchorEquity: number;
  /** while PAUSED by drawdown: when the cool-off ends; otherwise null */
  pausedUntil: Date | null;
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
  /** drawdown from pauseAnchorEquity, the figure the pause tier compares */
  pauseDrawdown: number;
  dayLoss: number;
  isNewDay: boolean;
  events: RiskStateEvent[];
}

/** One transition of the tier machine, recorded as an event (a function, not a closure: this runs once per backtest step). */
function move(events: RiskStateEvent[], from: TradingState, event: TradingEvent, threshold: number, drawdown: number, dayLoss: number): TradingState {
  const r = transitionTradingState(from, event);
  if (!r.ok) throw new Error(`risk state machine bug: ${r.error.message}`);
  events.push({ event, from, to: r.value, drawdown, dayLoss, threshold });
  return r.value;
}

/**
 * The drawdown tiers and the daily halt as a state machine, evaluated on every equity
 * update. LOCKED (drawdown > 20%) is absorbing: only an admin's reset leaves it, never a
 * recovery. HALTED (daily loss > 5%) lasts until the next trading day. Below those,
 * the tier follows the drawdown: > 15% PAUSED, > 10% REDUCED (half size), else ACTIVE.
 * A pause that equity has not ended after the cool-off (72 h) resumes at half size,
 * with the pause tier re-measured from the equity at that moment: a flat account can
 * trade its way back, and a further 15% loss pauses it again, while the lock stays
 * 20% below the true peak. Each state change is returned as an event, for alerts and
 * the audit log.
 */
export function evaluateRiskState(prev: RiskStateSnapshot, equity: number, now: Date, limits: RiskLimits, timeZone = 'UTC'): RiskStateEvaluation {
  const events: RiskStateEvent[] = [];
  let state = prev.tradingState;
  const isNewDay = tradingDayKey(now, timeZone) !== tradingDayKey(prev.dayStartedAt, timeZone);
  const dayStartEquity = isNewDay ? equity : prev.dayStartEquity;
  const peakEquity = Math.max(prev.peakEquity, equity);
  let pauseAnchorEquity = Math.min(peakEquity, Math.max(prev.pauseAnchorEquity, equity));
  let pausedUntil = prev.pausedUntil;
  const drawdown = lossFraction(peakEquity, equity);
  let pauseDrawdown = lossFraction(pauseAnchorEquity, equity);
  const dayLoss = lossFraction(dayStartEquity, equity);

  if (state === 'HALTED' && isNewDay) state = move(events, state, 'NEW_DAY', limits.dailyLossFraction, drawdown, dayLoss);
  if (state !== 'LOCKED') {
    if (isAbove(drawdown, limits.drawdownLockFraction)) {
      state = move(events, state, 'DRAWDOWN_LOCK', limits.drawdownLockFraction, drawdown, dayLoss);
    } else if (state !== 'HALTED') {
      if (isAbove(dayLoss, limits.dailyLossFraction)) {
        state = move(events, state, 'DAILY_LOSS', limits.dailyLossFraction, drawdown, dayLoss);
      } else {
        const tier: TradingState = isAbove(pauseDrawdown, limits.drawdownPauseFraction) ? 'PAUSED'
          : isAbove(drawdown, limits.drawdownReduceFraction) ? 'REDUCED' : 'ACTIVE';
        if (tier === 'PAUSED' && state === 'PAUSED') {
          pausedUntil ??= new Date(now.getTime() + limits.pauseCooldownHours * HOUR_MS);
          if (now.getTime() >= pausedUntil.getTime()) {
            state = move(events, state, 'COOLDOWN_ELAPSED', limits.drawdownPauseFraction, drawdown, dayLoss);
            pauseAnchorEquity = equity;
            pauseDrawdown = 0;
          }
        } else if (tier !== state) {
          if (tier === 'PAUSED') state = move(events, state, 'DRAWDOWN_PAUSE', limits.drawdownPauseFraction, drawdown, dayLoss);
          else if (tier === 'REDUCED') state = move(events, state, 'DRAWDOWN_REDUCE', limits.drawdownReduceFraction, drawdown, dayLoss);
          else state = move(events, state, 'RECOVERED', limits.drawdownReduceFraction, drawdown, dayLoss);
        }
      }
    }
  }
  if (state !== 'PAUSED') pausedUntil = null;
  else if (events.length > 0 && events[events.length - 1]!.to === 'PAUSED') pausedUntil = new Date(now.getTime() + limits.pauseCooldownHours * HOUR_MS);
  return {
    tradingState: state, peakEquity, pauseAnchorEquity, pausedUntil, dayStartEquity, dayStartedAt: isNewDay ? now : prev.dayStartedAt,
    drawdown, pauseDrawdown, dayLoss, isNewDay, events,
  };
}
