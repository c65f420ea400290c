import { describe, expect, it } from 'vitest';
import { checkOf, entry, limits, market, shortEntry, validate } from '../support';

describe('reward_risk rule (1.5), no fees', () => {
  // entry 100, stop 95: risk 5 per unit, so 1.5 is a target of 107.5 (long) or 92.5 (short)
  it('long: passes at exactly 1.5', () => {
    const d = validate(entry({ targetPrice: 107.5 }));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'reward_risk')).toMatchObject({ input: 1.5, threshold: 1.5, outcome: 'pass' });
  });

  it('long: passes just over 1.5', () => {
    expect(validate(entry({ targetPrice: 107.51 })).outcome).toBe('APPROVED');
  });

  it('long: rejects just under 1.5', () => {
    const d = validate(entry({ targetPrice: 107.49 }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'reward_risk' });
    const k = checkOf(d, 'reward_risk');
    expect(k).toMatchObject({ threshold: 1.5, outcome: 'reject' });
    expect(k.input).toBeCloseTo(1.498, 9);
  });

  it('short: passes at 1.5 (target 92.5) and just beyond, rejects just short of it', () => {
    expect(validate(shortEntry({ targetPrice: 92.5 })).outcome).toBe('APPROVED');
    expect(checkOf(validate(shortEntry({ targetPrice: 92.5 })), 'reward_risk').input).toBe(1.5);
    expect(validate(shortEntry({ targetPrice: 92.49 })).outcome).toBe('APPROVED');
    expect(validate(shortEntry({ targetPrice: 92.51 })).rule).toBe('reward_risk');
  });

  it('honours a tighter configured minimum', () => {
    const d = validate(entry({ targetPrice: 108 }), undefined, { limits: limits({ minRewardRisk: 2 }) });
    expect(d.rule).toBe('reward_risk');
    expect(checkOf(d, 'reward_risk')).toMatchObject({ input: 1.6, threshold: 2 });
  });
});

describe('reward_risk rule, after fees (10 bps each leg)', () => {
  const fees = { market: market({ feeRate: 0.001 }) };
  // risk = 5 + (100 + 95) × 0.001 = 5.195; reward = T − 100 − (100 + T) × 0.001 = 0.999 T − 100.1
  const targetAt15 = (100.1 + 1.5 * 5.195) / 0.999;

  it('a target that is 1.5 before fees is not 1.5 after them', () => {
    const d = validate(entry({ targetPrice: 107.5 }), undefined, fees);
    expect(d.rule).toBe('reward_risk');
    expect(checkOf(d, 'reward_risk').input).toBeCloseTo(7.2925 / 5.195, 9);
  });

  it('passes at exactly 1.5 after fees', () => {
    const d = validate(entry({ targetPrice: targetAt15 }), undefined, fees);
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'reward_risk').input).toBeCloseTo(1.5, 12);
  });

  it('passes just above and rejects just below', () => {
    expect(validate(entry({ targetPrice: targetAt15 + 0.01 }), undefined, fees).outcome).toBe('APPROVED');
    expect(validate(entry({ targetPrice: targetAt15 - 0.01 }), undefined, fees).rule).toBe('reward_risk');
  });
});

describe('reward_risk rule: no usable target', () => {
  it.each([
    { name: 'missing', targetPrice: null },
    { name: 'NaN', targetPrice: NaN },
    { name: 'on the wrong side', targetPrice: 90 },
    { name: 'at the entry', targetPrice: 100 },
  ])('long: a $name target gives a ratio of 0 and is rejected', ({ targetPrice }) => {
    const d = validate(entry({ targetPrice }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'reward_risk' });
    expect(checkOf(d, 'reward_risk')).toMatchObject({ input: 0, threshold: 1.5, outcome: 'reject' });
  });

  it('short: a target above the entry is on the wrong side', () => {
    const d = validate(shortEntry({ targetPrice: 110 }));
    expect(d.rule).toBe('reward_risk');
    expect(checkOf(d, 'reward_risk').input).toBe(0);
  });
});
