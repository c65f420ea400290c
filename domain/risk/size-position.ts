import { meetsMinimums } from './minimums';
import { floorToStep } from './rounding';
import type { MarketRules } from './types';

export type SizeResult =
  | { ok: true; quantity: number; riskAmount: number; perUnitRisk: number }
  | { ok: false; reason: 'invalid_stop' | 'below_minimum'; quantity: number; minQty: number; minNotional: number };

/**
 * The size that risks `riskFraction` of equity if the stop is hit, fees on both legs
 * included, rounded down to the market's step. Refused when the rounded size cannot
 * meet the market's minimum quantity or notional inside that risk, at its entry and at its stop.
 */
export function sizePosition(p: { equity: number; riskFraction: number; entryPrice: number; stopPrice: number; market: MarketRules }): SizeResult {
  const { entryPrice, stopPrice, market } = p;
  const perUnitRisk = Math.abs(entryPrice - stopPrice) + (entryPrice + stopPrice) * market.feeRate;
  if (!(stopPrice > 0) || !(perUnitRisk > 0) || stopPrice === entryPrice) {
    return { ok: false, reason: 'invalid_stop', quantity: 0, minQty: market.minQty, minNotional: market.minNotional };
  }
  const quantity = floorToStep((p.equity * p.riskFraction) / perUnitRisk, market.qtyStep);
  if (!meetsMinimums(quantity, entryPrice, stopPrice, market)) {
    return { ok: false, reason: 'below_minimum', quantity, minQty: market.minQty, minNotional: market.minNotional };
  }
  return { ok: true, quantity, riskAmount: quantity * perUnitRisk, perUnitRisk };
}
