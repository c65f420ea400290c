import { describe, expect, it } from 'vitest';
import { checksToJson } from '@/adapters/repo/journal';
import { NEAR_MISS_RULES, nearMissOf, type StoredCheck } from '@/domain/ops/near-miss';
import { RULE_IDS, type RiskDecision } from '@/domain/risk/types';
import { baseState, entry, position, validate } from '../risk/support';

/** The near-misses of a decision as its journal row stores it (checksToJson: Infinity as null). */
const nearMisses = (d: RiskDecision) => checksToJson(d.checks).map(nearMissOf).filter((n) => n !== null);
const check = (over: Partial<StoredCheck>): StoredCheck => ({ rule: 'exposure.total', outcome: 'pass', input: 0, added: 0, threshold: 0.5, ...over });

describe('near-miss classification', () => {
  it('measures only rules with a distance to a limit; sizing rules DECIDE aims at and yes/no rules are left out', () => {
    expect(Object.keys(NEAR_MISS_RULES).sort()).toEqual(['daily_loss', 'drawdown', 'exposure.asset', 'exposure.total', 'leverage', 'reward_risk']);
    for (const rule of Object.keys(NEAR_MISS_RULES)) expect(RULE_IDS as readonly string[]).toContain(rule);
    expect(nearMissOf(check({ rule: 'risk_per_trade', input: 0.0099, threshold: 0.01 }))).toBeNull();
    expect(nearMissOf(check({ rule: 'martingale', input: 0.01, threshold: 0.01 }))).toBeNull();
    expect(nearMissOf(check({ rule: 'safe_mode', input: 0, threshold: 0 }))).toBeNull();
  });

  it('exposure is measured after the order (input + added) against the cap: 90% of the cap is the edge', () => {
    expect(nearMissOf(check({ input: 0.4, added: 0.05, threshold: 0.5 }))).toMatchObject({ value: 0.45, limit: 0.5 });
    expect(nearMissOf(check({ input: 0.4, added: 0.0499, threshold: 0.5 }))).toBeNull();
    expect(nearMissOf(check({ input: 0.45, added: 0.05, threshold: 0.5 }))).toMatchObject({ headroom: 0 });
    // a value over the limit did not pass: a shrink or a rejection, not a near-miss
    expect(nearMissOf(check({ input: 0.45, added: 0.06, threshold: 0.5 }))).toBeNull();
    expect(nearMissOf(check({ outcome: 'shrink', input: 0.45, added: 0.01, threshold: 0.5 }))).toBeNull();
  });

  it('daily loss and drawdown: the value before the order against the limit', () => {
    expect(nearMissOf(check({ rule: 'daily_loss', input: 0.046, added: 0, threshold: 0.05 }))!.headroom).toBeCloseTo(0.08, 12);
    expect(nearMissOf(check({ rule: 'daily_loss', input: 0.044, threshold: 0.05 }))).toBeNull();
    expect(nearMissOf(check({ rule: 'drawdown', input: 0.14, threshold: 0.15 }))).not.toBeNull();
  });

  it('reward:risk is a lower limit: within 10% above the minimum', () => {
    expect(nearMissOf(check({ rule: 'reward_risk', input: 1.6, threshold: 1.5 }))!.headroom).toBeCloseTo(1 / 15, 12);
    expect(nearMissOf(check({ rule: 'reward_risk', input: 1.66, threshold: 1.5 }))).toBeNull();
  });

  it('no finite limit, or no measurement, is no near-miss', () => {
    expect(nearMissOf(check({ threshold: null }))).toBeNull();
    expect(nearMissOf(check({ input: null }))).toBeNull();
    expect(nearMissOf(check({ threshold: 0 }))).toBeNull();
  });

  it('on real validator decisions: an approved entry close to three limits, and one well inside them', () => {
    // equity 10,000, ETH 4,500 open (45%): buying 1 BTC at 100 takes total exposure to 46% of the 50% cap
    const crowded = baseState({ dayStartEquity: 10_000 / (1 - 0.047), positions: [position({ id: 'eth', symbol: 'ETH/USDT', asset: 'ETH', quantity: 45 })] });
    const d = validate(entry({ targetPrice: 108 }), crowded);
    expect(d.outcome).toBe('APPROVED');
    expect(nearMisses(d).map((n) => [n.rule, Number(n.headroom.toFixed(4))])).toEqual([['daily_loss', 0.06], ['reward_risk', 0.0667], ['exposure.total', 0.08]]);
    expect(nearMisses(validate(entry(), baseState()))).toEqual([]);
  });
});
