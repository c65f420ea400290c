import { fillConfig } from '@/domain/fills/fill-config';
import { fillOrder } from '@/domain/fills/fill-order';
import type { Candle, Fill, FillConfig, FillOrder, FillResult } from '@/domain/fills/types';
import type { MarketRules } from '@/domain/risk/types';

export const T = Date.parse('2024-03-05T10:00:00Z');

/** open 100, high 110, low 90, close 105, volume 1,000 */
export const candle = (over: Partial<Candle> = {}): Candle =>
  ({ openTime: T, open: 100, high: 110, low: 90, close: 105, volume: 1_000, ...over });

export const market = (over: Partial<MarketRules> = {}): MarketRules =>
  ({ qtyStep: 0.001, minQty: 0.001, minNotional: 10, feeRate: 0.001, ...over });

/** 10 bps fixed slippage, no volume impact (tests that need it set it), tick 0.01, 10% of volume */
export const config = (over: Partial<FillConfig> = {}): FillConfig =>
  fillConfig({ priceTick: 0.01, slippageBps: 10, volumeImpactBps: 0, maxVolumeShare: 0.1, ...over });

export const fill = (order: FillOrder, c: Candle = candle(), m: MarketRules = market(), cfg: FillConfig = config()): FillResult =>
  fillOrder(order, c, m, cfg);

/** Narrows to a fill, failing the test with the actual result otherwise. */
export function filled(result: FillResult): Fill {
  if (result.status !== 'FILLED' && result.status !== 'PARTIAL') throw new Error(`expected a fill, got ${JSON.stringify(result)}`);
  return result;
}
