import { describe, expect, it } from 'vitest';
import { sizePosition } from '@/domain/risk/size-position';
import { isMultipleOf, market } from './support';

const size = (over: Partial<Parameters<typeof sizePosition>[0]> = {}) =>
  sizePosition({ equity: 10_000, riskFraction: 0.01, entryPrice: 100, stopPrice: 95, market: market(), ...over });

describe('sizePosition', () => {
  it('sizes from equity, risk fraction and the stop distance', () => {
    expect(size()).toEqual({ ok: true, quantity: 20, riskAmount: 100, perUnitRisk: 5 });
  });

  it('sizes a short (stop above the entry) the same way', () => {
    expect(size({ stopPrice: 105 })).toEqual({ ok: true, quantity: 20, riskAmount: 100, perUnitRisk: 5 });
  });

  it('counts fees on entry and on the exit at the stop', () => {
    const r = size({ market: market({ feeRate: 0.001, qtyStep: 0.001 }) });
    // 5 + (100 + 95) × 0.001 = 5.195 per unit → 100 / 5.195 = 19.2492…
    expect(r).toMatchObject({ ok: true, quantity: 19.249 });
    if (!r.ok) return;
    expect(r.perUnitRisk).toBeCloseTo(5.195, 12);
    expect(r.riskAmount).toBeLessThanOrEqual(100);
  });

  it('floors to the market step, never rounding up', () => {
    // 100 / 6 = 16.666… → 16.66 at a 0.01 step
    const r = size({ stopPrice: 94, market: market({ qtyStep: 0.01 }) });
    expect(r).toMatchObject({ ok: true, quantity: 16.66 });
    if (r.ok) {
      expect(isMultipleOf(r.quantity, 0.01)).toBe(true);
      expect(r.riskAmount).toBeLessThanOrEqual(100);
    }
  });

  it('halves with the risk fraction (REDUCED passes 0.005)', () => {
    expect(size({ riskFraction: 0.005 })).toMatchObject({ ok: true, quantity: 10 });
  });

  it.each([
    { name: 'at the entry', stopPrice: 100 },
    { name: 'zero', stopPrice: 0 },
    { name: 'negative', stopPrice: -1 },
    { name: 'NaN', stopPrice: NaN },
  ])('refuses a stop $name', ({ stopPrice }) => {
    expect(size({ stopPrice })).toEqual({ ok: false, reason: 'invalid_stop', quantity: 0, minQty: 0.0001, minNotional: 1 });
  });

  it('refuses a stop at the entry even when fees make the per-unit risk positive', () => {
    expect(size({ stopPrice: 100, market: market({ feeRate: 0.001 }) })).toMatchObject({ ok: false, reason: 'invalid_stop' });
  });

  describe('market minimums', () => {
    // equity 250 at 1%: 2.5 of risk at 5 per unit = 0.5 units = 50 of notional
    const small = (over: Partial<ReturnType<typeof market>>) => size({ equity: 250, market: market(over) });

    it('passes when the exit at the stop is exactly the minimum notional (0.5 × 95 less the 1% margin)', () => {
      expect(small({ minNotional: 0.5 * 95 * 0.99 })).toMatchObject({ ok: true, quantity: 0.5 });
    });

    it('refuses a size that clears the minimum at entry but not at its stop: the exchange would refuse the stop', () => {
      expect(small({ minNotional: 50 })).toMatchObject({ ok: false, reason: 'below_minimum', quantity: 0.5 });
    });

    it('refuses just below the minimum notional, with the size it reached and the minimums', () => {
      expect(small({ minNotional: 50.01 })).toEqual({ ok: false, reason: 'below_minimum', quantity: 0.5, minQty: 0.0001, minNotional: 50.01 });
    });

    it('passes at exactly minQty and refuses just above it', () => {
      expect(small({ minQty: 0.5 })).toMatchObject({ ok: true, quantity: 0.5 });
      expect(small({ minQty: 0.5001 })).toMatchObject({ ok: false, reason: 'below_minimum', quantity: 0.5 });
    });

    it('refuses a size that rounds down to nothing', () => {
      expect(small({ qtyStep: 1, minQty: 1 })).toMatchObject({ ok: false, reason: 'below_minimum', quantity: 0 });
      expect(size({ riskFraction: 0 })).toMatchObject({ ok: false, reason: 'below_minimum', quantity: 0 });
    });
  });
});
