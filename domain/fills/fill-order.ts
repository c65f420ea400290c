import { floorToStep, isBelow } from '../risk/rounding';
import type { MarketRules } from '../risk/types';
import { applySlippage } from './apply-slippage';
import { matchOrder } from './match-order';
import { priceAgainstTrader } from './price-against-trader';
import type { Candle, FillConfig, FillOrder, FillResult } from './types';

/**
 * The one fill model of the backtest and paper brokers: what `order` gets in `candle`.
 * When it trades is matchOrder's rule. Then:
 * - quantity: the order's quantity floored to the step, capped at maxVolumeShare of the candle's
 *   volume (also floored); what is left is reported as remainingQuantity (a PARTIAL fill);
 * - price: takers pay slippageBps + volumeImpactBps per 1% of the candle's volume taken, against
 *   them, then the tick rounds against them too; makers get their limit, no slippage;
 * - minimums: a fill below minQty or minNotional (at the fill price) is REFUSED and nothing trades,
 *   as the exchange would reject it; equality passes;
 * - fee: notional × the maker or taker rate, in quote currency.
 * Outcomes are values; nothing throws.
 */
export function fillOrder(order: FillOrder, candle: Candle, market: MarketRules, config: FillConfig): FillResult {
  const orderQuantity = floorToStep(order.quantity, market.qtyStep);
  const match = matchOrder(order, candle, config.priceTick);
  if (match === null) return { status: 'NOT_TRIGGERED', remainingQuantity: orderQuantity };

  const volumeCap = floorToStep(config.maxVolumeShare * candle.volume, market.qtyStep);
  const quantity = Math.min(orderQuantity, volumeCap);
  const isTaker = match.liquidity === 'TAKER';
  const volumeSharePct = candle.volume > 0 ? (quantity / candle.volume) * 100 : 0;
  const slippageBps = isTaker ? config.slippageBps + config.volumeImpactBps * volumeSharePct : 0;
  const price = isTaker
    ? priceAgainstTrader(applySlippage(match.referencePrice, order.side, slippageBps), order.side, config.priceTick)
    : match.referencePrice;
  const notional = quantity * price;

  const reason =
    orderQuantity > 0 && volumeCap <= 0 ? 'NO_VOLUME'
    : !(quantity > 0) || isBelow(quantity, market.minQty) ? 'MIN_QTY'
    : isBelow(notional, market.minNotional) ? 'MIN_NOTIONAL'
    : null;
  if (reason !== null) {
    return { status: 'REFUSED', reason, orderQuantity, quantity, price, notional, remainingQuantity: orderQuantity };
  }

  const feeRate = isTaker ? config.takerFeeRate : config.makerFeeRate;
  // both are multiples of the step; flooring the difference removes float residue such as 0.19999999999999998
  const remainingQuantity = floorToStep(orderQuantity - quantity, market.qtyStep);
  return {
    status: remainingQuantity > 0 ? 'PARTIAL' : 'FILLED',
    time: candle.openTime,
    price,
    quantity,
    remainingQuantity,
    notional,
    fee: notional * feeRate,
    feeRate,
    liquidity: match.liquidity,
    referencePrice: match.referencePrice,
    slippageBps,
    isGap: match.isGap,
  };
}
