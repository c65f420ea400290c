import { describe, expect, it } from 'vitest';
import { TRADING_STATES } from '@/domain/machines/trading-state';
import { cap, gate, TRADING_STATE_BY_CODE, TRADING_STATE_CODE } from '@/domain/risk/rules/check';

describe('rule check helpers', () => {
  it('gate: a pass limits no size, a reject allows none', () => {
    expect(gate('leverage', true, 1, 2)).toEqual({ rule: 'leverage', outcome: 'pass', input: 1, added: 0, threshold: 2, maxQty: Infinity });
    expect(gate('leverage', false, 3, 2)).toEqual({ rule: 'leverage', outcome: 'reject', input: 3, added: 0, threshold: 2, maxQty: 0 });
  });

  it('cap: a positive size passes (the validator marks the shrink), none or a negative one rejects at 0', () => {
    expect(cap('exposure.asset', 5, 0.25, 0.1, 0.3)).toEqual({ rule: 'exposure.asset', outcome: 'pass', input: 0.25, added: 0.1, threshold: 0.3, maxQty: 5 });
    expect(cap('exposure.asset', 0, 0.3, 0.1, 0.3)).toMatchObject({ outcome: 'reject', maxQty: 0 });
    expect(cap('exposure.asset', -2, 0.32, 0.1, 0.3)).toMatchObject({ outcome: 'reject', maxQty: 0 });
    expect(cap('exposure.asset', NaN, 0, 0, 0.3)).toMatchObject({ outcome: 'reject', maxQty: 0 });
  });

  it('trading state codes round-trip and follow the machine order', () => {
    expect([...TRADING_STATE_BY_CODE]).toEqual([...TRADING_STATES]);
    for (const s of TRADING_STATES) expect(TRADING_STATE_BY_CODE[TRADING_STATE_CODE[s]]).toBe(s);
  });
});
