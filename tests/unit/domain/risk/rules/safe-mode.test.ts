import { describe, expect, it } from 'vitest';
import { baseState, checkOf, entry, exit, position, shortEntry, stopUpdate, validate } from '../support';

describe('safe_mode rule', () => {
  it('rejects an entry while safe mode is on', () => {
    const d = validate(entry(), baseState({ isSafeMode: true }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'safe_mode', quantity: 0, requestedQuantity: 1, riskFraction: 0 });
    expect(checkOf(d, 'safe_mode')).toMatchObject({ input: 1, threshold: 0, outcome: 'reject', maxQty: 0 });
  });

  it('rejects a short entry too', () => {
    expect(validate(shortEntry(), baseState({ isSafeMode: true }))).toMatchObject({ outcome: 'REJECTED', rule: 'safe_mode' });
  });

  it('passes when safe mode is off', () => {
    const d = validate(entry());
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'safe_mode')).toMatchObject({ input: 0, threshold: 0, outcome: 'pass', maxQty: Infinity });
  });

  it('still reports every other rule, so the journal shows the whole picture', () => {
    const d = validate(entry(), baseState({ isSafeMode: true }));
    expect(d.checks.map((k) => k.rule)).toEqual([
      'safe_mode', 'trading_state', 'daily_loss', 'drawdown', 'entry_price', 'stop.required', 'stop.side', 'reward_risk', 'leverage',
      'averaging_down', 'risk_per_trade', 'martingale', 'exposure.asset', 'exposure.total',
    ]);
  });

  it('does not block exits or stop tightening', () => {
    const state = baseState({ isSafeMode: true, positions: [position({ quantity: 2 })] });
    expect(validate(exit('p1', 2), state)).toMatchObject({ outcome: 'APPROVED', quantity: 2 });
    expect(validate(stopUpdate('p1', 97), state).outcome).toBe('APPROVED');
  });
});
