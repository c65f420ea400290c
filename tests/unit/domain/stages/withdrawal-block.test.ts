import { describe, expect, it } from 'vitest';
import { promotionGate, withdrawalBlock } from '@/domain/stages/promotion-gate';

const at = new Date('2026-01-01T00:00:00Z');

describe('a key that may withdraw blocks every stage beyond paper', () => {
  it('blocks a key that can withdraw, an unverified key, an unknown permission and a missing key; passes a verified trade-only key', () => {
    expect(withdrawalBlock(2, { keyLast4: 'AB12', verifiedAt: at, hasWithdrawPermission: false })).toBeNull();
    expect(withdrawalBlock(2, { keyLast4: 'AB12', verifiedAt: at, hasWithdrawPermission: true })).toMatch(/^Exchange key …AB12 CAN WITHDRAW: promotion beyond paper is refused/);
    expect(withdrawalBlock(3, { keyLast4: 'AB12', verifiedAt: null, hasWithdrawPermission: null })).toMatch(/withdrawal permission unknown \(never verified\)/);
    expect(withdrawalBlock(4, { keyLast4: 'AB12', verifiedAt: at, hasWithdrawPermission: null })).toMatch(/the exchange did not return its restrictions/);
    // a stale "false" without a verification is not evidence
    expect(withdrawalBlock(2, { keyLast4: 'AB12', verifiedAt: null, hasWithdrawPermission: false })).toMatch(/never verified/);
    expect(withdrawalBlock(2, null)).toMatch(/no exchange key/);
    expect(withdrawalBlock(1, null)).toBeNull();
  });

  it('the gate lists it right after the trading mode, and leaves it out when the key is not given (pure callers)', () => {
    const base = { current: { ordinal: 1, name: 'Paper' }, next: { ordinal: 2, name: 'Small live', mode: 'LIVE' as const }, tradingMode: 'LIVE' as const, criteria: [], checklist: [] };
    expect(promotionGate(base)).toEqual({ canPromote: true, reasons: [] });
    const g = promotionGate({ ...base, exchangeKey: { keyLast4: 'AB12', verifiedAt: at, hasWithdrawPermission: true } });
    expect(g.canPromote).toBe(false);
    expect(g.reasons).toEqual([expect.stringMatching(/^Exchange key …AB12 CAN WITHDRAW/)]);
  });
});
