import { isBelow } from './rounding';
import type { MarketRules } from './types';

/**
 * Room kept under a position's exit notional: the live stop is a stop-limit whose limit sits
 * below its trigger (0.5% by default), and the exchange rounds the price to its tick.
 */
export const EXIT_NOTIONAL_MARGIN = 0.01;

/**
 * Whether `quantity` meets the exchange's minimums on the way in and on the way out. A
 * position whose entry just clears the minimum notional can fall under it at its stop (a
 * lower price, the fee taken from the base): its protective stop is then refused
 * (Binance -1013 NOTIONAL) and it cannot even be sold at market, which leaves it unprotected.
 * So the stop's side counts: quantity × (1 − fee) × the lower of entry and stop, less the margin.
 */
export function meetsMinimums(quantity: number, entryPrice: number, stopPrice: number, market: MarketRules): boolean {
  return quantity > 0 && !isBelow(quantity, market.minQty) && !isBelow(bindingNotional(quantity, entryPrice, stopPrice, market), market.minNotional);
}

/** The smaller of the entry's notional and the exit's at the stop: what the minimum notional is held against. */
export function bindingNotional(quantity: number, entryPrice: number, stopPrice: number, market: Pick<MarketRules, 'feeRate'>): number {
  const exitNotional = quantity * (1 - market.feeRate) * Math.min(entryPrice, stopPrice) * (1 - EXIT_NOTIONAL_MARGIN);
  return Math.min(quantity * entryPrice, exitNotional);
}
