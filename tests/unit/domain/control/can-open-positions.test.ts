import { describe, expect, it } from 'vitest';
import { canOpenPositions } from '@/domain/control/can-open-positions';
import { TRADING_STATES } from '@/domain/machines/trading-state';

describe('canOpenPositions', () => {
  it.each(TRADING_STATES)('safe mode blocks opening in %s', (tradingState) => {
    const permission = canOpenPositions({ tradingState, isSafeMode: true });
    expect(permission.canOpen).toBe(false);
    expect(permission.reason).toMatch(/safe mode/);
  });

  it.each(['ACTIVE', 'REDUCED'] as const)('%s may open, with no reason attached', (tradingState) => {
    expect(canOpenPositions({ tradingState, isSafeMode: false })).toEqual({ canOpen: true });
  });

  it.each([
    ['PAUSED', /paused/],
    ['HALTED', /halted.*daily loss/],
    ['LOCKED', /locked.*manual reset/],
  ] as const)('%s may not open, and says why', (tradingState, why) => {
    const permission = canOpenPositions({ tradingState, isSafeMode: false });
    expect(permission.canOpen).toBe(false);
    expect(permission.reason).toMatch(why);
  });

  it('gives every refusal its own reason', () => {
    const reasons = [
      canOpenPositions({ tradingState: 'ACTIVE', isSafeMode: true }).reason,
      ...(['PAUSED', 'HALTED', 'LOCKED'] as const).map((tradingState) => canOpenPositions({ tradingState, isSafeMode: false }).reason),
    ];
    expect(new Set(reasons).size).toBe(reasons.length);
  });
});
