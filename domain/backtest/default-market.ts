import type { MarketRules } from '../risk/types';

/**
 * Market rules for a symbol without exchange info (any CSV, any symbol): a quantity step
 * worth about 0.01-0.1 quote units at the first price, a tick of about 1e-6 of the price,
 * Binance's usual 5-unit minimum notional and 0.1% fee. The exchange's real filters
 * replace this in live and paper-on-exchange modes.
 */
export function defaultMarket(price: number): MarketRules & { priceTick: number } {
  const step = 10 ** Math.floor(Math.log10(0.1 / price));
  return {
    qtyStep: Math.min(1, Math.max(1e-8, step)), minQty: Math.min(1, Math.max(1e-8, step)), minNotional: 5, feeRate: 0.001,
    priceTick: 10 ** Math.floor(Math.log10(price * 1e-6)),
  };
}
