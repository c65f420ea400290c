import { describe, expect, it } from 'vitest';
import type { FillOrder } from '@/domain/fills/types';
import { candle, config, fill, filled } from './support';

const limit = (side: 'BUY' | 'SELL', price: number, type: 'LIMIT' | 'TAKE_PROFIT' = 'LIMIT'): FillOrder => ({ type, side, quantity: 1, price });

describe('fillOrder: LIMIT and TAKE_PROFIT', () => {
  it('a buy limit fills at the limit when the low trades through it, maker fee, no slippage', () => {
    // slippage is configured at 10 bps but a resting limit gets its own price; fee 92 × 0.001
    expect(filled(fill(limit('BUY', 92)))).toMatchObject({
      price: 92, referencePrice: 92, slippageBps: 0, liquidity: 'MAKER', feeRate: 0.001, fee: expect.closeTo(0.092, 12), isGap: false,
    });
  });

  it('a touch is not a fill: low exactly at the buy limit stays open, a cent below fills', () => {
    expect(fill(limit('BUY', 92), candle({ low: 92 }))).toEqual({ status: 'NOT_TRIGGERED', remainingQuantity: 1 });
    expect(filled(fill(limit('BUY', 92), candle({ low: 91.99 }))).price).toBe(92);
  });

  it('a sell limit needs the high above it', () => {
    expect(filled(fill(limit('SELL', 108))).price).toBe(108);
    expect(fill(limit('SELL', 108), candle({ high: 108 })).status).toBe('NOT_TRIGGERED');
  });

  it('TAKE_PROFIT is a limit at the target: same boundary, maker fee', () => {
    expect(filled(fill(limit('SELL', 108, 'TAKE_PROFIT')))).toMatchObject({ price: 108, liquidity: 'MAKER' });
    expect(fill(limit('SELL', 108, 'TAKE_PROFIT'), candle({ high: 108 })).status).toBe('NOT_TRIGGERED');
  });

  it('charges the maker rate when it differs from the taker rate', () => {
    const f = filled(fill(limit('BUY', 92), candle(), undefined, config({ makerFeeRate: 0.0002, takerFeeRate: 0.001 })));
    expect(f).toMatchObject({ feeRate: 0.0002, fee: expect.closeTo(0.0184, 12) });
  });

  it('after a gap it still fills at the limit, never better', () => {
    // a resting buy at 102 and a candle opening at 100: the order was hit on the way down, at 102
    expect(filled(fill(limit('BUY', 102)))).toMatchObject({ price: 102, isGap: true });
    expect(filled(fill(limit('SELL', 98)))).toMatchObject({ price: 98, isGap: true });
  });

  it('an off-tick limit is snapped inside the limit (buy down, sell up) and triggers on the snapped price', () => {
    expect(filled(fill(limit('BUY', 92.005))).price).toBe(92);
    expect(filled(fill(limit('SELL', 107.995))).price).toBe(108);
    // snapped to 92.00: a low of 92.00 only touches it
    expect(fill(limit('BUY', 92.005), candle({ low: 92 })).status).toBe('NOT_TRIGGERED');
  });
});
