import { describe, expect, it } from 'vitest';
import { candle, config, fill, filled, market } from './support';

const buy = (quantity: number) => ({ type: 'MARKET' as const, side: 'BUY' as const, quantity });
const noSlip = config({ slippageBps: 0 });

describe('fillOrder: partial fills (maxVolumeShare 10% of volume 1,000 = 100)', () => {
  it('exactly the cap fills in full', () => {
    expect(filled(fill(buy(100)))).toMatchObject({ status: 'FILLED', quantity: 100, remainingQuantity: 0 });
  });

  it('one step above the cap leaves that step open', () => {
    expect(filled(fill(buy(100.001)))).toMatchObject({ status: 'PARTIAL', quantity: 100, remainingQuantity: 0.001 });
  });

  it('150 fills 100 and reports 50 remaining; the fee is on what filled', () => {
    const f = filled(fill(buy(150), candle(), market(), noSlip));
    expect(f).toMatchObject({ status: 'PARTIAL', quantity: 100, remainingQuantity: 50, notional: 10_000, fee: 10 });
  });

  it('limit orders are capped too', () => {
    expect(filled(fill({ type: 'LIMIT', side: 'BUY', quantity: 150, price: 92 }))).toMatchObject({ status: 'PARTIAL', quantity: 100, remainingQuantity: 50 });
  });

  it('the cap is floored to the step: 10% of 12.3456 = 1.23456 → 1.234', () => {
    expect(filled(fill(buy(5), candle({ volume: 12.3456 })))).toMatchObject({ quantity: 1.234, remainingQuantity: 3.766 });
  });

  it('a candle without volume fills nothing: refused as NO_VOLUME, the order stays whole', () => {
    expect(fill(buy(1), candle({ volume: 0 }))).toMatchObject({ status: 'REFUSED', reason: 'NO_VOLUME', quantity: 0, remainingQuantity: 1 });
  });
});

describe('fillOrder: amount precision', () => {
  it('floors the quantity to the step', () => {
    expect(filled(fill(buy(1.23456789)))).toMatchObject({ quantity: 1.234, remainingQuantity: 0 });
  });

  it('an exact multiple stays exact (no 0.30000000000000004)', () => {
    expect(filled(fill(buy(0.1 + 0.2))).quantity).toBe(0.3);
  });

  it('below one step rounds to nothing and is refused as MIN_QTY', () => {
    expect(fill(buy(0.0009))).toMatchObject({ status: 'REFUSED', reason: 'MIN_QTY', orderQuantity: 0 });
  });
});

describe('fillOrder: market minimums (equality passes)', () => {
  it('minQty 0.01: 0.01 fills, 0.009 is refused', () => {
    // minNotional 0 so only the quantity rule speaks
    const m = market({ minQty: 0.01, minNotional: 0 });
    expect(fill(buy(0.01), candle(), m).status).toBe('FILLED');
    expect(fill(buy(0.009), candle(), m)).toMatchObject({ status: 'REFUSED', reason: 'MIN_QTY', quantity: 0.009, remainingQuantity: 0.009 });
  });

  it('minNotional 10: 0.1 × 100 = 10 fills, 0.099 × 100 = 9.9 is refused', () => {
    expect(fill(buy(0.1), candle(), market(), noSlip).status).toBe('FILLED');
    expect(fill(buy(0.099), candle(), market(), noSlip)).toMatchObject({ status: 'REFUSED', reason: 'MIN_NOTIONAL', notional: expect.closeTo(9.9, 12) });
  });

  it('the notional is checked at the fill price: a sell slipped to 99.9 makes 0.1 worth 9.99 < 10', () => {
    expect(fill({ type: 'MARKET', side: 'SELL', quantity: 0.1 })).toMatchObject({ status: 'REFUSED', reason: 'MIN_NOTIONAL', price: 99.9 });
  });

  it('a volume-capped part below the minimum is refused and nothing trades', () => {
    // 10% of volume 0.5 = 0.05 × 100 = 5 < 10
    expect(fill(buy(1), candle({ volume: 0.5 }), market(), noSlip)).toMatchObject({
      status: 'REFUSED', reason: 'MIN_NOTIONAL', orderQuantity: 1, quantity: 0.05, remainingQuantity: 1,
    });
  });

  it('a trigger is checked before the minimums: an untriggered stop is NOT_TRIGGERED, not refused', () => {
    expect(fill({ type: 'STOP', side: 'SELL', quantity: 0.0001, stopPrice: 50 }).status).toBe('NOT_TRIGGERED');
  });
});
