import type { MarketRules, Side } from '../risk/types';
import { fillOrder } from './fill-order';
import { matchOrder } from './match-order';
import type { Candle, FillConfig, FillOrder, FillResult } from './types';

export interface ExitPosition {
  side: Side;
  quantity: number;
  stopPrice: number;
  /** null: no target, only the stop can close it here */
  targetPrice: number | null;
}

export type ExitResolution =
  | { exit: 'NONE' }
  | { exit: 'STOP' | 'TARGET'; order: FillOrder; fill: FillResult };

/**
 * Which of an open position's exits this candle triggers, and its fill. A candle only has
 * open, high, low and close, so when both the stop and the target lie inside its range the
 * order of the two is unknown: the stop is assumed first, the pessimistic reading. Only the
 * open is known to come first, so a candle that opens beyond one of them exits there.
 * The stop is a stop-market order, the target a resting limit (see matchOrder for their prices).
 */
export function resolveExit(position: ExitPosition, candle: Candle, market: MarketRules, config: FillConfig): ExitResolution {
  const side = position.side === 'LONG' ? 'SELL' : 'BUY';
  const stopOrder: FillOrder = { type: 'STOP', side, quantity: position.quantity, stopPrice: position.stopPrice };
  const stop = matchOrder(stopOrder, candle, config.priceTick);
  const targetOrder: FillOrder | null = position.targetPrice === null
    ? null
    : { type: 'TAKE_PROFIT', side, quantity: position.quantity, price: position.targetPrice };
  const target = targetOrder === null ? null : matchOrder(targetOrder, candle, config.priceTick);

  const exitOrder =
    stop?.isGap ? stopOrder
    : target?.isGap ? targetOrder
    : stop !== null ? stopOrder
    : target !== null ? targetOrder
    : null;
  if (exitOrder === null) return { exit: 'NONE' };
  return { exit: exitOrder === stopOrder ? 'STOP' : 'TARGET', order: exitOrder, fill: fillOrder(exitOrder, candle, market, config) };
}
