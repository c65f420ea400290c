import { describe, expect, it } from 'vitest';
import { baseState, checkOf, entry, limits, validate } from '../support';

/** Day start 10,000; the 5% limit sits at equity 9,500. Peak = day start, so drawdown stays under its tiers. */
const dayOf = (equity: number) => baseState({ equity, peakEquity: 10_000, dayStartEquity: 10_000 });

describe('daily_loss rule (5%)', () => {
  it('passes at exactly 5% below the day start', () => {
    const d = validate(entry(), dayOf(9_500));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'daily_loss')).toMatchObject({ input: 0.05, threshold: 0.05, outcome: 'pass' });
  });

  it('passes just under the limit', () => {
    const d = validate(entry(), dayOf(9_500.01));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'daily_loss').input).toBeCloseTo(0.049999, 9);
  });

  it('rejects just over the limit (5.0001%)', () => {
    const d = validate(entry(), dayOf(9_499.99));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'daily_loss', quantity: 0 });
    const k = checkOf(d, 'daily_loss');
    expect(k).toMatchObject({ threshold: 0.05, outcome: 'reject' });
    expect(k.input).toBeCloseTo(0.050001, 9);
  });

  it('rejects on the figures even while the stored state is still ACTIVE', () => {
    expect(validate(entry(), dayOf(9_000)).rule).toBe('daily_loss');
  });

  it('reads 0 when equity is above the day start', () => {
    expect(checkOf(validate(entry(), baseState({ equity: 10_500, peakEquity: 10_500 })), 'daily_loss').input).toBe(0);
  });

  it('honours a tighter configured limit', () => {
    const tight = limits({ dailyLossFraction: 0.03 });
    expect(validate(entry(), dayOf(9_700), { limits: tight }).outcome).toBe('APPROVED');
    const d = validate(entry(), dayOf(9_699), { limits: tight });
    expect(d.rule).toBe('daily_loss');
    expect(checkOf(d, 'daily_loss').threshold).toBe(0.03);
  });
});
