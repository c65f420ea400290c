import { ceilToStep, floorToStep } from '../risk/rounding';
import type { OrderSide } from './types';

/**
 * A computed fill price (after slippage) onto the tick, rounded against the trader: buys up,
 * sells down. Rounding the other way would make every simulated fill slightly better than
 * the exchange could give. A tick of 0 leaves the price as it is.
 */
export function priceAgainstTrader(price: number, side: OrderSide, tick: number): number {
  if (!(tick > 0)) return price;
  return side === 'BUY' ? ceilToStep(price, tick) : floorToStep(price, tick);
}
