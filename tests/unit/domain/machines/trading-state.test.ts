import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  TRADING_STATES, transitionTradingState, type TradingEvent, type TradingState,
} from '@/domain/machines/trading-state';

const EVENTS: readonly TradingEvent[] = ['DRAWDOWN_REDUCE', 'DRAWDOWN_PAUSE', 'DRAWDOWN_LOCK', 'DAILY_LOSS', 'NEW_DAY', 'RECOVERED', 'COOLDOWN_ELAPSED', 'MANUAL_RESET'];

const expected: Record<TradingState, Partial<Record<TradingEvent, TradingState>>> = {
  ACTIVE: { DRAWDOWN_REDUCE: 'REDUCED', DRAWDOWN_PAUSE: 'PAUSED', DRAWDOWN_LOCK: 'LOCKED', DAILY_LOSS: 'HALTED' },
  REDUCED: { DRAWDOWN_PAUSE: 'PAUSED', DRAWDOWN_LOCK: 'LOCKED', DAILY_LOSS: 'HALTED', RECOVERED: 'ACTIVE' },
  PAUSED: { DRAWDOWN_REDUCE: 'REDUCED', DRAWDOWN_LOCK: 'LOCKED', DAILY_LOSS: 'HALTED', RECOVERED: 'ACTIVE', COOLDOWN_ELAPSED: 'REDUCED' },
  HALTED: { NEW_DAY: 'ACTIVE', DRAWDOWN_LOCK: 'LOCKED' },
  LOCKED: { MANUAL_RESET: 'ACTIVE' },
};

const allPairs = TRADING_STATES.flatMap((from) => EVENTS.map((event) => ({ from, event, to: expected[from][event] })));

describe('transitionTradingState', () => {
  it.each(allPairs.filter((p) => p.to !== undefined))('$from + $event -> $to', ({ from, event, to }) => {
    expect(transitionTradingState(from, event)).toEqual({ ok: true, value: to });
  });

  it.each(allPairs.filter((p) => p.to === undefined))('$from + $event is refused with an error value', ({ from, event }) => {
    const result = transitionTradingState(from, event);
    expect(result).toMatchObject({ ok: false, error: { kind: 'INVALID_TRANSITION', from, event } });
    if (!result.ok) expect(result.error.message).toBe(`trading state: ${event} is not allowed in state ${from}`);
  });

  it('a drawdown above the lock tier locks from every unlocked state', () => {
    for (const from of TRADING_STATES.filter((s) => s !== 'LOCKED')) {
      expect(transitionTradingState(from, 'DRAWDOWN_LOCK')).toEqual({ ok: true, value: 'LOCKED' });
    }
  });

  it('LOCKED leaves only by MANUAL_RESET', () => {
    const exits = EVENTS.filter((event) => transitionTradingState('LOCKED', event).ok);
    expect(exits).toEqual(['MANUAL_RESET']);
  });
});

describe('trading state properties', () => {
  it('any event sequence from any state stays in the enum; LOCKED is absorbing except for MANUAL_RESET', () => {
    fc.assert(fc.property(
      fc.constantFrom(...TRADING_STATES),
      fc.array(fc.constantFrom(...EVENTS), { maxLength: 40 }),
      (start, seq) => {
        let state: TradingState = start;
        for (const event of seq) {
          const result = transitionTradingState(state, event);
          const next = result.ok ? result.value : state;
          expect(TRADING_STATES).toContain(next);
          if (state === 'LOCKED') expect(next).toBe(event === 'MANUAL_RESET' ? 'ACTIVE' : 'LOCKED');
          state = next;
        }
      },
    ));
  });
});
