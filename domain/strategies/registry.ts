import { donchianBreakout } from './donchian-breakout';
import { emaCross } from './ema-cross';
import { donchianParams, emaCrossParams, rsiReversionParams } from './params';
import { rsiReversion } from './rsi-reversion';
import type { Strategy } from './strategy';

/** The strategies by name; each parses its own parameters (zod, defaults filled in). */
export const STRATEGIES = {
  ema_cross: (symbol: string, raw: unknown = {}) => emaCross(symbol, emaCrossParams.parse(raw)),
  donchian_breakout: (symbol: string, raw: unknown = {}) => donchianBreakout(symbol, donchianParams.parse(raw)),
  rsi_reversion: (symbol: string, raw: unknown = {}) => rsiReversion(symbol, rsiReversionParams.parse(raw)),
} satisfies Record<string, (symbol: string, raw?: unknown) => Strategy>;

export type StrategyName = keyof typeof STRATEGIES;
export const STRATEGY_NAMES = Object.keys(STRATEGIES) as StrategyName[];
