import { describe, expect, it } from 'vitest';
import { baseState, checkOf, entry, isMultipleOf, limits, market, shortEntry, validate } from '../support';

// equity 10,000, risk 5 per unit: 1% = 100 = 20 units
describe('risk_per_trade rule (1% default)', () => {
  it('approves exactly 1%', () => {
    const d = validate(entry({ quantity: 20 }));
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 20, rule: null, riskFraction: 0.01 });
    expect(checkOf(d, 'risk_per_trade')).toMatchObject({ input: 0.01, threshold: 0.01, outcome: 'pass', maxQty: 20 });
  });

  it('approves just under 1%', () => {
    expect(validate(entry({ quantity: 19.9999 }))).toMatchObject({ outcome: 'APPROVED', quantity: 19.9999 });
  });

  it('shrinks just over 1% back to 1%', () => {
    const d = validate(entry({ quantity: 20.0001 }));
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 20, requestedQuantity: 20.0001 });
    const k = checkOf(d, 'risk_per_trade');
    expect(k).toMatchObject({ threshold: 0.01, outcome: 'shrink', maxQty: 20 });
    expect(k.input).toBeCloseTo(0.01000005, 12);
    expect(d.riskFraction).toBeLessThanOrEqual(0.01);
  });

  it('shrinks a far larger request to the limit', () => {
    expect(validate(entry({ quantity: 25 }))).toMatchObject({ outcome: 'SHRUNK', quantity: 20 });
  });

  it('counts fees on both legs and rounds the size down to the step', () => {
    // risk per unit 5 + (100 + 95) × 0.001 = 5.195 → 100 / 5.195 = 19.2492…
    const d = validate(entry({ quantity: 20 }), undefined, { market: market({ feeRate: 0.001, qtyStep: 0.001 }) });
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 19.249 });
    expect(isMultipleOf(d.quantity, 0.001)).toBe(true);
    expect(d.riskFraction).toBeCloseTo((19.249 * 5.195) / 10_000, 12);
    expect(d.riskFraction).toBeLessThanOrEqual(0.01);
  });

  it('sizes shorts the same way (stop above the entry)', () => {
    expect(validate(shortEntry({ quantity: 20 }))).toMatchObject({ outcome: 'APPROVED', riskFraction: 0.01 });
    expect(validate(shortEntry({ quantity: 21 }))).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 20 });
  });
});

describe('risk_per_trade rule, configured up to the 2% maximum', () => {
  const two = { limits: limits({ riskPerTradeFraction: 0.02 }) };
  // stop 10 below: 2% = 200 = 20 units (2,000 notional, inside the 30% asset cap)
  const wide = (quantity: number) => entry({ stopPrice: 90, targetPrice: 120, quantity });

  it('approves exactly 2% and just under', () => {
    expect(validate(wide(20), undefined, two)).toMatchObject({ outcome: 'APPROVED', quantity: 20, riskFraction: 0.02 });
    expect(validate(wide(19.9999), undefined, two).outcome).toBe('APPROVED');
  });

  it('shrinks just over 2%', () => {
    const d = validate(wide(20.0001), undefined, two);
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 20 });
    expect(checkOf(d, 'risk_per_trade')).toMatchObject({ threshold: 0.02, outcome: 'shrink' });
  });

  it('the same size is shrunk to half under the 1% default', () => {
    expect(validate(wide(20))).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 10 });
  });

  it('a tighter configuration (0.5%) lowers the size', () => {
    const d = validate(entry({ quantity: 20 }), undefined, { limits: limits({ riskPerTradeFraction: 0.005 }) });
    expect(d).toMatchObject({ outcome: 'SHRUNK', quantity: 10 });
  });
});

describe('risk_per_trade rule, halved when REDUCED', () => {
  const reduced = baseState({ tradingState: 'REDUCED' });

  it('approves exactly 0.5% (10 units), shrinks just over', () => {
    expect(validate(entry({ quantity: 10 }), reduced)).toMatchObject({ outcome: 'APPROVED', riskFraction: 0.005 });
    expect(validate(entry({ quantity: 9.9999 }), reduced).outcome).toBe('APPROVED');
    const d = validate(entry({ quantity: 10.0001 }), reduced);
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 10 });
    expect(checkOf(d, 'risk_per_trade')).toMatchObject({ threshold: 0.005, outcome: 'shrink' });
  });

  it('halves a configured 2% to 1%', () => {
    const d = validate(entry({ quantity: 30 }), reduced, { limits: limits({ riskPerTradeFraction: 0.02 }) });
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 20 });
    expect(checkOf(d, 'risk_per_trade').threshold).toBe(0.01);
  });

  it('halves also when drawdown is above 10% although the stored state is still ACTIVE', () => {
    const d = validate(entry({ quantity: 20 }), baseState({ equity: 8_800, dayStartEquity: 8_800, peakEquity: 10_000 }));
    expect(checkOf(d, 'risk_per_trade').threshold).toBe(0.005);
    expect(d).toMatchObject({ outcome: 'SHRUNK', quantity: 8.8 });
  });
});
