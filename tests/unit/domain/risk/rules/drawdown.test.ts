import { describe, expect, it } from 'vitest';
import { baseState, checkOf, entry, validate } from '../support';

/** Peak 10,000; the day started at the current equity, so only drawdown is in play. */
const fromPeak = (equity: number) => baseState({ equity, peakEquity: 10_000, dayStartEquity: equity });

describe('drawdown rule: pause tier (15%)', () => {
  it('passes at exactly 15% below peak', () => {
    const d = validate(entry(), fromPeak(8_500));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'drawdown')).toMatchObject({ input: 0.15, threshold: 0.15, outcome: 'pass' });
  });

  it('passes just under', () => {
    expect(validate(entry(), fromPeak(8_500.01)).outcome).toBe('APPROVED');
  });

  it('rejects just over (15.0001%), whatever the stored state says', () => {
    const d = validate(entry(), fromPeak(8_499.99));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'drawdown' });
    const k = checkOf(d, 'drawdown');
    expect(k).toMatchObject({ threshold: 0.15, outcome: 'reject' });
    expect(k.input).toBeCloseTo(0.150001, 9);
  });

  it('measures from the peak, not from the day start', () => {
    const d = validate(entry(), baseState({ equity: 8_000, peakEquity: 10_000, dayStartEquity: 8_000 }));
    expect(d.rule).toBe('drawdown');
    expect(checkOf(d, 'daily_loss').input).toBe(0);
  });
});

describe('drawdown rule: reduce tier (10%) halves the risk per trade', () => {
  it('at exactly 10% the full 1% applies (18 units at equity 9,000)', () => {
    const d = validate(entry({ quantity: 18 }), fromPeak(9_000));
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 18 });
    expect(checkOf(d, 'risk_per_trade')).toMatchObject({ threshold: 0.01, outcome: 'pass' });
  });

  it('just under 10% the full 1% applies', () => {
    expect(checkOf(validate(entry({ quantity: 18 }), fromPeak(9_000.01)), 'risk_per_trade').threshold).toBe(0.01);
  });

  it('just over 10% the risk is halved to 0.5%', () => {
    const d = validate(entry({ quantity: 18 }), fromPeak(8_999.99));
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'risk_per_trade', quantity: 8.9999 });
    expect(checkOf(d, 'risk_per_trade')).toMatchObject({ threshold: 0.005, outcome: 'shrink' });
    expect(d.riskFraction).toBeLessThanOrEqual(0.005);
  });
});
