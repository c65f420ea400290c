import { describe, expect, it } from 'vitest';
import { baseState, checkOf, entry, limits, position, shortEntry, validate } from '../support';

// equity 10,000: the asset cap is 3,000 of notional (30 BTC at 100), the total cap 5,000
describe('exposure.asset rule (30%), positions at mark price', () => {
  // 25 BTC bought at 90, marked at 100: 2,500 at mark (2,250 at entry); room left: 500 = 5 units
  const btc = baseState({ positions: [position({ quantity: 25, entryPrice: 90, markPrice: 100, stopPrice: 85 })] });

  it('approves exactly 30%', () => {
    const d = validate(entry({ quantity: 5 }), btc);
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 5 });
    expect(checkOf(d, 'exposure.asset')).toMatchObject({ input: 0.25, added: 0.05, threshold: 0.3, outcome: 'pass', maxQty: 5 });
  });

  it('approves just under 30%', () => {
    expect(validate(entry({ quantity: 4.9999 }), btc)).toMatchObject({ outcome: 'APPROVED', quantity: 4.9999 });
  });

  it('shrinks just over 30% (30.0001%) to the cap', () => {
    const d = validate(entry({ quantity: 5.0001 }), btc);
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 5, requestedQuantity: 5.0001 });
    expect(checkOf(d, 'exposure.asset')).toMatchObject({ threshold: 0.3, outcome: 'shrink', maxQty: 5 });
    expect(checkOf(d, 'exposure.asset').added).toBeCloseTo(0.050001, 12);
  });

  it('values open positions at mark, not entry, price (entry price would leave room for 7.5)', () => {
    expect(validate(entry({ quantity: 7 }), btc)).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 5 });
  });

  it('counts pending entry orders of the asset', () => {
    const state = baseState({
      positions: [position({ quantity: 15 })],
      pendingEntries: [{ symbol: 'BTC/USDT', asset: 'BTC', notional: 1_000 }, { symbol: 'ETH/USDT', asset: 'ETH', notional: 1_000 }],
    });
    const d = validate(entry({ quantity: 6 }), state);
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 5 });
    expect(checkOf(d, 'exposure.asset').input).toBeCloseTo(0.25, 12);
  });

  it('counts short positions of the asset at their absolute notional', () => {
    const state = baseState({ positions: [position({ side: 'SHORT', quantity: 25, entryPrice: 110, markPrice: 100, stopPrice: 115 })] });
    expect(validate(entry({ quantity: 6 }), state)).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 5 });
  });

  it('ignores other assets', () => {
    const state = baseState({ positions: [position({ id: 'eth', symbol: 'ETH/USDT', asset: 'ETH', quantity: 25 })] });
    expect(checkOf(validate(entry({ quantity: 5 }), state), 'exposure.asset').input).toBe(0);
  });

  it('rejects when the asset is already exactly at the cap', () => {
    const d = validate(entry({ quantity: 1 }), baseState({ positions: [position({ quantity: 30 })] }));
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'exposure.asset', quantity: 0 });
    expect(checkOf(d, 'exposure.asset')).toMatchObject({ input: 0.3, outcome: 'reject', maxQty: 0 });
  });

  it('rejects when the mark has lifted the asset above the cap', () => {
    const d = validate(entry({ quantity: 1 }), baseState({ positions: [position({ quantity: 30, markPrice: 110 })] }));
    expect(d.rule).toBe('exposure.asset');
  });

  it('applies to short entries alike', () => {
    expect(validate(shortEntry({ quantity: 6 }), btc)).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 5 });
  });

  it('honours a tighter configured cap', () => {
    const d = validate(entry({ quantity: 20 }), undefined, { limits: limits({ maxAssetExposureFraction: 0.1 }) });
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.asset', quantity: 10 });
  });
});

describe('exposure.total rule (50%)', () => {
  // ETH 3,000 + SOL 1,500 = 4,500 at mark: room left 500 = 5 BTC; the BTC cap alone would allow 30
  const others = baseState({
    positions: [
      position({ id: 'eth', symbol: 'ETH/USDT', asset: 'ETH', quantity: 30 }),
      position({ id: 'sol', symbol: 'SOL/USDT', asset: 'SOL', quantity: 15 }),
    ],
  });

  it('approves exactly 50%', () => {
    const d = validate(entry({ quantity: 5 }), others);
    expect(d).toMatchObject({ outcome: 'APPROVED', quantity: 5 });
    expect(checkOf(d, 'exposure.total')).toMatchObject({ input: 0.45, added: 0.05, threshold: 0.5, outcome: 'pass', maxQty: 5 });
  });

  it('approves just under 50%', () => {
    expect(validate(entry({ quantity: 4.9999 }), others).outcome).toBe('APPROVED');
  });

  it('shrinks just over 50% to the cap', () => {
    const d = validate(entry({ quantity: 5.0001 }), others);
    expect(d).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.total', quantity: 5 });
    expect(checkOf(d, 'exposure.total').outcome).toBe('shrink');
    expect(checkOf(d, 'exposure.asset').outcome).toBe('pass');
  });

  it('counts pending entries of every asset', () => {
    const state = baseState({ ...others, positions: others.positions.slice(0, 1), pendingEntries: [{ symbol: 'SOL/USDT', asset: 'SOL', notional: 1_500 }] });
    expect(validate(entry({ quantity: 8 }), state)).toMatchObject({ outcome: 'SHRUNK', rule: 'exposure.total', quantity: 5 });
  });

  it('rejects when total exposure is already at the cap', () => {
    const state = baseState({ positions: [...others.positions, position({ id: 'ada', symbol: 'ADA/USDT', asset: 'ADA', quantity: 5 })] });
    const d = validate(entry({ quantity: 1 }), state);
    expect(d).toMatchObject({ outcome: 'REJECTED', rule: 'exposure.total' });
    expect(checkOf(d, 'exposure.total')).toMatchObject({ input: 0.5, outcome: 'reject' });
  });
});
