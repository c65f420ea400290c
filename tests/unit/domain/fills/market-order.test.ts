import { describe, expect, it } from 'vitest';
import { candle, config, fill, filled, T } from './support';

describe('fillOrder: MARKET', () => {
  it('buys at the candle open plus slippage, taker fee in quote, stamped with the candle open time', () => {
    // open 100 (not the close 105) × 1.001 = 100.1; fee 2 × 100.1 × 0.001 = 0.2002 USDT
    expect(filled(fill({ type: 'MARKET', side: 'BUY', quantity: 2 }))).toEqual({
      status: 'FILLED', time: T, price: 100.1, quantity: 2, remainingQuantity: 0, notional: 200.2,
      fee: expect.closeTo(0.2002, 12), feeRate: 0.001, liquidity: 'TAKER', referencePrice: 100, slippageBps: 10, isGap: false,
    });
  });

  it('sells at the open minus slippage', () => {
    // 100 × 0.999 = 99.9
    expect(filled(fill({ type: 'MARKET', side: 'SELL', quantity: 1 })).price).toBe(99.9);
  });

  it('charges the taker rate, not the maker rate', () => {
    const f = filled(fill({ type: 'MARKET', side: 'BUY', quantity: 1 }, candle(), undefined, config({ takerFeeRate: 0.002, makerFeeRate: 0 })));
    expect(f.feeRate).toBe(0.002);
    expect(f.fee).toBeCloseTo(100.1 * 0.002, 12);
  });

  it('adds volume impact per 1% of the candle volume taken', () => {
    // 50 of 1,000 = 5% → 10 + 2 × 5 = 20 bps → 100 × 1.002 = 100.2
    const f = filled(fill({ type: 'MARKET', side: 'BUY', quantity: 50 }, candle(), undefined, config({ volumeImpactBps: 2 })));
    expect(f.slippageBps).toBeCloseTo(20, 12);
    expect(f.price).toBe(100.2);
  });

  it('rounds the slipped price against the trader', () => {
    // 100.37 × 1.001 = 100.47037 → buy up to 100.48; × 0.999 = 100.26963 → sell down to 100.26
    expect(filled(fill({ type: 'MARKET', side: 'BUY', quantity: 1 }, candle({ open: 100.37 }))).price).toBe(100.48);
    expect(filled(fill({ type: 'MARKET', side: 'SELL', quantity: 1 }, candle({ open: 100.37 }))).price).toBe(100.26);
  });

  it('with no slippage and no tick, fills exactly at the open', () => {
    expect(filled(fill({ type: 'MARKET', side: 'BUY', quantity: 1 }, candle({ open: 100.123 }), undefined, config({ slippageBps: 0, priceTick: 0 }))).price).toBe(100.123);
  });
});
