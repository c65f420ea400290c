import { describe, expect, it } from 'vitest';
import { checkOf, entry, shortEntry, validate } from '../support';

describe('stop.required rule', () => {
  it.each([
    { name: 'null', stopPrice: null },
    { name: 'NaN', stopPrice: NaN },
    { name: 'zero', stopPrice: 0 },
    { name: 'negative', stopPrice: -95 },
    { name: 'infinite', stopPrice: Infinity },
    { name: 'negative infinite', stopPrice: -Infinity },
  ])('rejects a $name stop', ({ stopPrice }) => {
    const d = validate(entry({ stopPrice }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'stop.required', quantity: 0, riskFraction: 0 });
    expect(checkOf(d, 'stop.required')).toMatchObject({ input: 0, threshold: 1, outcome: 'reject' });
    // without a stop there is no risk to size: the sizing rules are not evaluated
    expect(d.checks.some((k) => k.rule === 'risk_per_trade')).toBe(false);
  });

  it('passes with a stop present', () => {
    expect(checkOf(validate(entry()), 'stop.required')).toMatchObject({ input: 1, threshold: 1, outcome: 'pass' });
  });
});

describe('stop.side rule', () => {
  it('long: a stop below the entry passes, with the stop as input and the entry as threshold', () => {
    const d = validate(entry({ stopPrice: 95 }));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'stop.side')).toMatchObject({ input: 95, threshold: 100, outcome: 'pass' });
  });

  it('long: just below the entry passes', () => {
    expect(validate(entry({ stopPrice: 99.99 })).outcome).toBe('APPROVED');
  });

  it.each([100, 100.01, 120])('long: a stop at or above the entry (%s) is rejected', (stopPrice) => {
    const d = validate(entry({ stopPrice }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'stop.side' });
    expect(checkOf(d, 'stop.side')).toMatchObject({ input: stopPrice, threshold: 100, outcome: 'reject' });
  });

  it('short: a stop above the entry passes', () => {
    expect(validate(shortEntry({ stopPrice: 105 })).outcome).toBe('APPROVED');
    expect(validate(shortEntry({ stopPrice: 100.01 })).outcome).toBe('APPROVED');
  });

  it.each([100, 99.99, 80])('short: a stop at or below the entry (%s) is rejected', (stopPrice) => {
    const d = validate(shortEntry({ stopPrice }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'stop.side' });
    expect(checkOf(d, 'stop.side')).toMatchObject({ input: stopPrice, threshold: 100, outcome: 'reject' });
  });
});
