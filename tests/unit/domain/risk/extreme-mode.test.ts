import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explainCheck, explainDecision } from '@/domain/risk/explain';
import type { AccountRiskState, MarketRules } from '@/domain/risk/types';
import { validateIntent } from '@/domain/risk/validate-intent';
import { baseState, checkOf, entry, limits, market, position, validate } from './support';

// equity 10,000, long at 100 with the stop at 95: risk per trade (1%) allows 20 units
const extreme = (m: number, over: Partial<AccountRiskState> = {}) => baseState({ extremeSizeMultiplier: m, ...over });

describe('extreme market mode in the validator', () => {
  it('off: no extreme_mode check, sizes as before', () => {
    const d = validate(entry({ quantity: 10 }));
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 10 });
    expect(d.checks.some((k) => k.rule === 'extreme_mode')).toBe(false);
  });

  it('halves an approved size and names the rule', () => {
    const d = validate(entry({ quantity: 10 }), extreme(0.5));
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'extreme_mode', quantity: 5, requestedQuantity: 10 });
    expect(checkOf(d, 'extreme_mode')).toMatchObject({ outcome: 'shrink', input: 0.5, threshold: 1, maxQty: 5 });
    expect(explainCheck(checkOf(d, 'extreme_mode'))).toBe('extreme market mode: sizes × 0.5 → shrunk to 5');
    expect(explainDecision(d).split('\n')[0]).toBe('SHRUNK by extreme_mode: 10 → 5');
  });

  it('scales what the tightest other rule allows: risk per trade caps 30 to 20, extreme mode to 5', () => {
    const d = validate(entry({ quantity: 30 }), extreme(0.25));
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'extreme_mode', quantity: 5 });
    expect(checkOf(d, 'risk_per_trade')).toMatchObject({ outcome: 'pass', maxQty: 20 });
    expect(d.riskFraction).toBeCloseTo(0.0025, 12);
  });

  it('on with a multiplier of 1: reported, nothing shrinks', () => {
    const d = validate(entry({ quantity: 10 }), extreme(1));
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 10, rule: null });
    expect(explainCheck(checkOf(d, 'extreme_mode'))).toBe('extreme market mode: sizes × 1 ok');
  });

  it('never loosens: a multiplier above 1 counts as 1', () => {
    expect(validate(entry({ quantity: 30 }), extreme(3))).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 20 });
  });

  it.each([0, -0.5, NaN])('fails closed on a multiplier that is not positive (%s)', (m) => {
    expect(validate(entry({ quantity: 10 }), extreme(m))).toMatchObject({ outcome: 'REJECTED', rule: 'extreme_mode', quantity: 0 });
  });

  it('rejects, naming extreme mode, when the scaled size falls below the market minimum', () => {
    const d = validate(entry({ quantity: 10 }), extreme(0.5), { market: market({ minNotional: 600 }) });
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'extreme_mode' });
  });

  it('another rejecting rule keeps its name (safe mode is on during extreme mode)', () => {
    expect(validate(entry({ quantity: 10 }), extreme(0.5, { isSafeMode: true }))).toMatchObject({ outcome: 'REJECTED', rule: 'safe_mode' });
  });

  it('exits and stop updates are untouched', () => {
    const state = extreme(0.5, { positions: [position({ quantity: 4 })] });
    expect(validate({ kind: 'EXIT', positionId: 'p1', quantity: 4 }, state)).toMatchObject({ outcome: 'APPROVED', quantity: 4 });
  });
});

/** Uniform over [min, max] (fc.double leans towards the bounds). */
const real = (min: number, max: number) => fc.integer({ min: 0, max: 1 << 30 }).map((i) => min + ((max - min) * i) / (1 << 30));

describe('extreme market mode never increases a size (property)', () => {
  const marketArb: fc.Arbitrary<MarketRules> = fc.record({
    qtyStep: fc.constantFrom(1e-8, 1e-5, 0.001, 0.01, 1), minQty: fc.constant(0), minNotional: fc.constantFrom(0, 5, 10), feeRate: fc.constantFrom(0, 0.001),
  }).map((m) => ({ ...m, minQty: m.qtyStep }));
  const caseArb = fc.record({
    market: marketArb,
    equity: real(100, 1e6),
    price: real(0.01, 1e5),
    stopFraction: real(0.001, 0.3),
    rr: real(1, 5),
    requestNotionalFraction: real(0, 1.5),
    heldFraction: real(0, 0.4),
    multiplier: real(1e-6, 1),
    isReduced: fc.boolean(),
  });

  it('quantity and risk with the multiplier ≤ without it, ≤ multiplier × the request; a rejection stays a rejection', () => {
    fc.assert(fc.property(caseArb, (c) => {
      const intent = entry({ entryPrice: c.price, stopPrice: c.price * (1 - c.stopFraction), targetPrice: c.price * (1 + c.stopFraction * c.rr),
        quantity: (c.requestNotionalFraction * c.equity) / c.price });
      const state = baseState({ equity: c.equity, peakEquity: c.equity, dayStartEquity: c.equity, tradingState: c.isReduced ? 'REDUCED' : 'ACTIVE',
        positions: c.heldFraction > 0 ? [position({ quantity: (c.heldFraction * c.equity) / c.price, entryPrice: c.price, markPrice: c.price, stopPrice: c.price * 0.9 })] : [] });
      const input = { intent, market: c.market, limits: limits() };
      const without = validateIntent({ ...input, state });
      const withIt = validateIntent({ ...input, state: { ...state, extremeSizeMultiplier: c.multiplier } });
      expect(withIt.quantity).toBeLessThanOrEqual(without.quantity);
      expect(withIt.riskFraction).toBeLessThanOrEqual(without.riskFraction);
      expect(withIt.quantity).toBeLessThanOrEqual(c.multiplier * intent.quantity * (1 + 1e-12));
      if (without.outcome === 'REJECTED') expect(withIt.outcome).toBe('REJECTED');
    }), { numRuns: 2000 });
  });
});
