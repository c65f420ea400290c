import { limitPriceToTick } from './limit-price-to-tick';
import type { Candle, FillOrder, Liquidity } from './types';

export interface OrderMatch {
  /** the price before slippage and tick rounding */
  referencePrice: number;
  liquidity: Liquidity;
  isGap: boolean;
}

/**
 * Whether the order trades in this candle and at what reference price, or null if it does not.
 * - MARKET: at the open. Brokers pass the candle after the signal, so the order never trades
 *   on the close it was decided on.
 * - STOP: triggers when the price reaches the stop (touching is enough, as on the exchange).
 *   A candle that opens beyond the stop gapped through it: the first trade available is the
 *   open, so that is the price, never the better stop.
 * - LIMIT / TAKE_PROFIT: rest on the book, so they fill only when the price trades THROUGH the
 *   limit; a touch is not enough, as the queue ahead of us may absorb it. They fill at the limit
 *   even after a gap: the resting order was hit on the way.
 */
export function matchOrder(order: FillOrder, candle: Candle, priceTick: number): OrderMatch | null {
  const isBuy = order.side === 'BUY';
  switch (order.type) {
    case 'MARKET':
      return { referencePrice: candle.open, liquidity: 'TAKER', isGap: false };
    case 'STOP': {
      const stop = order.stopPrice;
      if (isBuy ? candle.open > stop : candle.open < stop) return { referencePrice: candle.open, liquidity: 'TAKER', isGap: true };
      if (isBuy ? candle.high >= stop : candle.low <= stop) return { referencePrice: stop, liquidity: 'TAKER', isGap: false };
      return null;
    }
    case 'LIMIT':
    case 'TAKE_PROFIT': {
      const limit = limitPriceToTick(order.price, order.side, priceTick);
      if (isBuy ? !(candle.low < limit) : !(candle.high > limit)) return null;
      const isGap = isBuy ? candle.open < limit : candle.open > limit;
      return { referencePrice: limit, liquidity: 'MAKER', isGap };
    }
  }
}
