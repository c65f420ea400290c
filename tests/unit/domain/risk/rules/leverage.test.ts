import { describe, expect, it } from 'vitest';
import { checkOf, entry, limits, shortEntry, validate } from '../support';

describe('leverage rule (2x)', () => {
  it.each([1, 1.9999, 2])('passes at %sx', (leverage) => {
    const d = validate(entry({ leverage }));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'leverage')).toMatchObject({ input: leverage, threshold: 2, outcome: 'pass' });
  });

  it('rejects just over 2x', () => {
    const d = validate(entry({ leverage: 2.0001 }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'leverage' });
    expect(checkOf(d, 'leverage')).toMatchObject({ input: 2.0001, threshold: 2, outcome: 'reject' });
  });

  it.each([0.5, 0, -2, NaN, Infinity])('rejects a leverage below 1 or not finite (%s)', (leverage) => {
    expect(validate(entry({ leverage })).rule).toBe('leverage');
  });

  it('applies to shorts: 2x passes, 3x is rejected', () => {
    expect(validate(shortEntry({ leverage: 2 })).outcome).toBe('APPROVED');
    expect(validate(shortEntry({ leverage: 3 })).rule).toBe('leverage');
  });

  it('honours a tighter configured maximum (spot only: 1x)', () => {
    const spot = { limits: limits({ maxLeverage: 1 }) };
    expect(validate(entry({ leverage: 1 }), undefined, spot).outcome).toBe('APPROVED');
    expect(validate(entry({ leverage: 1.5 }), undefined, spot).rule).toBe('leverage');
  });
});
