export type OrderSide = 'BUY' | 'SELL';

/**
 * What the brokers ask the fill model to execute. STOP is a stop-market order (it becomes a
 * market order once the stop trades); TAKE_PROFIT is a limit order resting at the target.
 */
export type FillOrder =
  | { type: 'MARKET'; side: OrderSide; quantity: number }
  | { type: 'LIMIT' | 'TAKE_PROFIT'; side: OrderSide; quantity: number; price: number }
  | { type: 'STOP'; side: OrderSide; quantity: number; stopPrice: number };

/** The candle in which the order can execute; times in ms, volume in base units. */
export interface Candle {
  openTime: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/**
 * Execution costs and limits. Fees here are what the fill charges; MarketRules.feeRate is
 * only the risk engine's estimate for sizing, so keep it at or above takerFeeRate.
 */
export interface FillConfig {
  /** price precision; 0 = unknown, prices are not rounded */
  priceTick: number;
  makerFeeRate: number;
  takerFeeRate: number;
  /** fixed slippage for taker fills (market, stop), in basis points */
  slippageBps: number;
  /** extra taker slippage per 1% of the candle's volume the fill takes */
  volumeImpactBps: number;
  /** at most this share of the candle's volume fills (0.1 = 10%); the rest stays open */
  maxVolumeShare: number;
}

export type Liquidity = 'MAKER' | 'TAKER';

export interface Fill {
  status: 'FILLED' | 'PARTIAL';
  /** the candle's openTime: the model does not know when inside the candle it traded */
  time: number;
  price: number;
  quantity: number;
  /** the order's quantity (floored to the step) still open after this fill */
  remainingQuantity: number;
  /** quantity × price, quote currency */
  notional: number;
  /** in quote currency */
  fee: number;
  feeRate: number;
  liquidity: Liquidity;
  /** the price before slippage and tick rounding: the open, the stop or the limit */
  referencePrice: number;
  slippageBps: number;
  /** the candle opened beyond the trigger or limit */
  isGap: boolean;
}

/** NO_VOLUME: the candle's volume share rounds to no quantity at all. */
export type FillRefusalReason = 'MIN_QTY' | 'MIN_NOTIONAL' | 'NO_VOLUME';

/** A fill that would break the market's minimums: nothing trades, the order stays as it was. */
export interface FillRefusal {
  status: 'REFUSED';
  reason: FillRefusalReason;
  /** the order's quantity floored to the step; if it alone is below minQty it can never fill */
  orderQuantity: number;
  /** what would have filled */
  quantity: number;
  price: number;
  notional: number;
  remainingQuantity: number;
}

/** The price did not reach the order in this candle. */
export interface NotTriggered {
  status: 'NOT_TRIGGERED';
  remainingQuantity: number;
}

export type FillResult = Fill | FillRefusal | NotTriggered;
