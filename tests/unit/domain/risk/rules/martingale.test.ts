import { describe, expect, it } from 'vitest';
import { baseState, checkOf, entry, validate } from '../support';

// the last losing trade of 'trend' risked 0.5% of equity: 50 at equity 10,000 = 10 units at 5 per unit
const afterLoss = baseState({ lastTradeByStrategy: { trend: { isLoss: true, riskFraction: 0.005 } } });

describe('martingale rule', () => {
  it('after a loss, allows exactly the same risk fraction', () => {
    const d = validate(entry({ quantity: 10 }), afterLoss);
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 10, riskFraction: 0.005 });
    expect(checkOf(d, 'martingale')).toMatchObject({ input: 0.005, threshold: 0.005, outcome: 'pass' });
  });

  it('after a loss, allows a smaller fraction', () => {
    expect(validate(entry({ quantity: 9.9999 }), afterLoss).outcome).toBe('APPROVED');
  });

  it('after a loss, shrinks a larger fraction back to the last one', () => {
    const d = validate(entry({ quantity: 10.0001 }), afterLoss);
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'martingale', quantity: 10 });
    expect(checkOf(d, 'martingale')).toMatchObject({ threshold: 0.005, outcome: 'shrink', maxQty: 10 });
    expect(d.riskFraction).toBeLessThanOrEqual(0.005);
  });

  it('binds before risk_per_trade when it is tighter', () => {
    const d = validate(entry({ quantity: 20 }), afterLoss);
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'martingale', quantity: 10 });
    expect(checkOf(d, 'risk_per_trade').outcome).toBe('pass');
  });

  it('does not affect another strategy', () => {
    const d = validate(entry({ strategy: 'breakout', quantity: 20 }), afterLoss);
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 20 });
    expect(checkOf(d, 'martingale')).toMatchObject({ threshold: Infinity, outcome: 'pass' });
  });

  it('does not apply after a win', () => {
    const afterWin = baseState({ lastTradeByStrategy: { trend: { isLoss: false, riskFraction: 0.002 } } });
    const d = validate(entry({ quantity: 20 }), afterWin);
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 20 });
    expect(checkOf(d, 'martingale').threshold).toBe(Infinity);
  });

  it('does not apply to a strategy without a closed trade', () => {
    expect(checkOf(validate(entry()), 'martingale')).toMatchObject({ threshold: Infinity, maxQty: Infinity });
  });

  it('compares fractions of equity, not amounts (equity halved → half the units)', () => {
    const d = validate(entry({ quantity: 10 }), { ...afterLoss, equity: 5_000, peakEquity: 5_000, dayStartEquity: 5_000 });
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'martingale', quantity: 5 });
  });
});
