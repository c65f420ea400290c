import { describe, expect, it } from 'vitest';
import type { TradingState } from '@/domain/machines/trading-state';
import { baseState, checkOf, entry, validate } from '../support';

describe('trading_state rule', () => {
  it.each([
    { state: 'ACTIVE', code: 0 },
    { state: 'REDUCED', code: 1 },
  ] satisfies { state: TradingState; code: number }[])('$state allows entries', ({ state, code }) => {
    const d = validate(entry(), baseState({ tradingState: state }));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'trading_state')).toMatchObject({ input: code, threshold: 1, outcome: 'pass' });
  });

  it.each([
    { state: 'PAUSED', code: 2 },
    { state: 'HALTED', code: 3 },
    { state: 'LOCKED', code: 4 },
  ] satisfies { state: TradingState; code: number }[])('$state refuses entries', ({ state, code }) => {
    const d = validate(entry(), baseState({ tradingState: state }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'trading_state', quantity: 0 });
    expect(checkOf(d, 'trading_state')).toMatchObject({ input: code, threshold: 1, outcome: 'reject' });
  });

  it('REDUCED halves the risk per trade (20 units at 1% become 10)', () => {
    const d = validate(entry({ quantity: 20 }), baseState({ tradingState: 'REDUCED' }));
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 10 });
    expect(checkOf(d, 'risk_per_trade').threshold).toBe(0.005);
  });

  it('the stored state refuses even when the figures look healthy (the tier machine decides when to leave it)', () => {
    const d = validate(entry(), baseState({ tradingState: 'PAUSED', equity: 10_000, peakEquity: 10_000 }));
    expect(d.rule).toBe('trading_state');
  });
});
