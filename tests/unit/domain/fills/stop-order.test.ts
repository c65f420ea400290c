import { describe, expect, it } from 'vitest';
import { candle, fill, filled } from './support';

const sellStop = (stopPrice: number) => ({ type: 'STOP' as const, side: 'SELL' as const, quantity: 1, stopPrice });
const buyStop = (stopPrice: number) => ({ type: 'STOP' as const, side: 'BUY' as const, quantity: 1, stopPrice });

describe('fillOrder: STOP (stop-market)', () => {
  it('a sell stop inside the range fills at the stop minus slippage', () => {
    // 95 × 0.999 = 94.905 → sell rounds down to 94.90
    expect(filled(fill(sellStop(95)))).toMatchObject({ price: 94.9, referencePrice: 95, isGap: false, liquidity: 'TAKER' });
  });

  it('a sell stop triggers when the low touches it, not a cent above', () => {
    expect(filled(fill(sellStop(95), candle({ low: 95 }))).referencePrice).toBe(95);
    expect(fill(sellStop(95), candle({ low: 95.01 }))).toEqual({ status: 'NOT_TRIGGERED', remainingQuantity: 1 });
  });

  it('a candle that opens below a sell stop gapped through it: fills at the open, not the stop', () => {
    // open 93 < stop 95: 93 × 0.999 = 92.907 → 92.90
    expect(filled(fill(sellStop(95), candle({ open: 93, high: 96, low: 90 })))).toMatchObject({ price: 92.9, referencePrice: 93, isGap: true });
  });

  it('an open exactly at the stop is no gap: reference is the stop', () => {
    expect(filled(fill(sellStop(95), candle({ open: 95 })))).toMatchObject({ referencePrice: 95, isGap: false });
  });

  it('a buy stop mirrors it: high touches → stop plus slippage; open above → open', () => {
    // 105 × 1.001 = 105.105 → buy rounds up to 105.11
    expect(filled(fill(buyStop(105)))).toMatchObject({ price: 105.11, referencePrice: 105, isGap: false });
    expect(filled(fill(buyStop(105), candle({ high: 105 }))).referencePrice).toBe(105);
    expect(fill(buyStop(105), candle({ high: 104.99 })).status).toBe('NOT_TRIGGERED');
    // open 107 > 105: 107 × 1.001 = 107.107 → 107.11
    expect(filled(fill(buyStop(105), candle({ open: 107 })))).toMatchObject({ price: 107.11, referencePrice: 107, isGap: true });
  });
});
