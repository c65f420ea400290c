import { DEFAULT_FILL_CONFIG } from '../fills/fill-config';
import { DEFAULT_DECIDE } from '../pipeline/decide';
import { DEFAULT_LEARNING } from '../pipeline/learning';
import { DEFAULT_RESEARCH } from '../pipeline/research';
import { DEFAULT_SCAN } from '../pipeline/scan';
import { DEFAULT_LIMITS } from '../risk/limits';
import { STRATEGY_NAMES } from '../strategies/registry';
import type { BacktestConfig } from './types';

/** The default backtest: every strategy with its default parameters, the hard limits, Binance spot fees. */
export function defaultBacktestConfig(overrides: Partial<BacktestConfig> = {}): BacktestConfig {
  const { priceTick: _tick, ...fills } = DEFAULT_FILL_CONFIG;
  return {
    equity: 10_000, strategies: STRATEGY_NAMES.map((name) => ({ name, params: {} })), limits: { ...DEFAULT_LIMITS }, fills,
    scan: DEFAULT_SCAN, research: DEFAULT_RESEARCH, decide: DEFAULT_DECIDE, learning: DEFAULT_LEARNING, maxHoldCandles: 0, timeZone: 'UTC', lockReviewHours: 168,
    ...overrides,
  };
}
