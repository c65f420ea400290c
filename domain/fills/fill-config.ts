import type { FillConfig } from './types';

/**
 * Fees default to Binance spot's base tier (0.1% maker, 0.1% taker). Slippage defaults are
 * modest for liquid spot pairs, never zero: a backtest without costs flatters every strategy.
 * The tick is per market, so it has no default and the brokers must set it.
 */
export const DEFAULT_FILL_CONFIG: FillConfig = {
  priceTick: 0,
  makerFeeRate: 0.001,
  takerFeeRate: 0.001,
  slippageBps: 5,
  volumeImpactBps: 1,
  maxVolumeShare: 0.1,
};

/** The defaults with the given fields replaced. */
export function fillConfig(overrides: Partial<FillConfig> = {}): FillConfig {
  return { ...DEFAULT_FILL_CONFIG, ...overrides };
}
