import type { OrderSide } from './types';

/** Slippage always costs the taker: a buy pays more, a sell receives less. */
export function applySlippage(price: number, side: OrderSide, bps: number): number {
  const factor = bps / 10_000;
  return side === 'BUY' ? price * (1 + factor) : price * (1 - factor);
}
