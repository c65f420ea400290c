import { ceilToStep, floorToStep } from '../risk/rounding';
import type { OrderSide } from './types';

/**
 * A limit price onto the tick without crossing it (buys down, sells up), as the exchange
 * adapter's priceToPrecision would before sending: a limit is a promise never to pay more
 * (or receive less), so it is the fill's chance, not its price, that loses to the rounding.
 */
export function limitPriceToTick(price: number, side: OrderSide, tick: number): number {
  if (!(tick > 0)) return price;
  return side === 'BUY' ? floorToStep(price, tick) : ceilToStep(price, tick);
}
