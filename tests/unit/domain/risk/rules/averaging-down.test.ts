import { describe, expect, it } from 'vitest';
import { baseState, checkOf, entry, position, shortEntry, validate } from '../support';

const holding = (...positions: ReturnType<typeof position>[]) => baseState({ positions });

describe('averaging_down rule', () => {
  it('rejects adding to a long in loss (same symbol and side)', () => {
    const d = validate(entry(), holding(position({ entryPrice: 100, markPrice: 90 })));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'averaging_down' });
    const k = checkOf(d, 'averaging_down');
    expect(k).toMatchObject({ threshold: 0, outcome: 'reject' });
    expect(k.input).toBeCloseTo(-0.1, 12);
  });

  it('rejects even a tiny loss (just under break-even)', () => {
    expect(validate(entry(), holding(position({ entryPrice: 100, markPrice: 99.99 }))).rule).toBe('averaging_down');
  });

  it('allows adding at break-even', () => {
    const d = validate(entry(), holding(position({ entryPrice: 100, markPrice: 100 })));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'averaging_down')).toMatchObject({ input: 0, threshold: 0, outcome: 'pass' });
  });

  it('allows adding to a position in profit', () => {
    const d = validate(entry({ entryPrice: 110, stopPrice: 105, targetPrice: 120 }), holding(position({ entryPrice: 100, markPrice: 110 })));
    expect(d.outcome).toBe('APPROVED');
    expect(checkOf(d, 'averaging_down').input).toBe(0);
  });

  it('ignores a losing position on the other side', () => {
    const d = validate(entry(), holding(position({ side: 'SHORT', entryPrice: 90, markPrice: 100, stopPrice: 105 })));
    expect(d.outcome).toBe('APPROVED');
  });

  it('ignores a losing position in another symbol (even of the same asset)', () => {
    const state = holding(
      position({ id: 'eth', symbol: 'ETH/USDT', asset: 'ETH', entryPrice: 100, markPrice: 80 }),
      position({ id: 'btcusdc', symbol: 'BTC/USDC', entryPrice: 100, markPrice: 80 }),
    );
    expect(validate(entry(), state).outcome).toBe('APPROVED');
  });

  it('short: rejects adding to a short in loss (price above its entry)', () => {
    const d = validate(shortEntry(), holding(position({ side: 'SHORT', entryPrice: 100, markPrice: 110, stopPrice: 115 })));
    expect(d.rule).toBe('averaging_down');
    expect(checkOf(d, 'averaging_down').input).toBeCloseTo(-0.1, 12);
  });

  it('short: allows adding to a short in profit', () => {
    const state = holding(position({ side: 'SHORT', entryPrice: 110, markPrice: 100, stopPrice: 105 }));
    expect(validate(shortEntry(), state).outcome).toBe('APPROVED');
  });

  it('reports the worst of several positions', () => {
    const state = holding(
      position({ id: 'a', entryPrice: 90, markPrice: 100 }),
      position({ id: 'b', entryPrice: 125, markPrice: 100 }),
    );
    const d = validate(entry(), state);
    expect(d.rule).toBe('averaging_down');
    expect(checkOf(d, 'averaging_down').input).toBeCloseTo(-0.2, 12);
  });
});
