import { z } from 'zod';
import { listAvailableData } from '@/adapters/market-data/available-data';
import { SWEEP_MAX_RUNS, SWEEP_TIMEFRAMES } from '@/domain/research/sweep-grid';
import { donchianParams, emaCrossParams, rsiReversionParams } from '@/domain/strategies/params';
import { STRATEGY_NAMES, type StrategyName } from '@/domain/strategies/registry';
import { procedure } from '@/server/api/trpc';

/** Each strategy's parameter schema: parsing {} gives every parameter with its default. */
const PARAMS = { ema_cross: emaCrossParams, donchian_breakout: donchianParams, rsi_reversion: rsiReversionParams } satisfies Record<StrategyName, z.ZodType>;

/** What the New sweep form offers: the strategies with their parameters and defaults, and the symbols with candle files per timeframe. */
export const researchOptions = procedure
  .output(z.object({
    strategies: z.array(z.object({ name: z.string(), params: z.array(z.object({ name: z.string(), defaultValue: z.number() })) })),
    timeframes: z.array(z.string()),
    symbols: z.array(z.object({ symbol: z.string(), timeframes: z.array(z.string()) })),
    maxRuns: z.number().int(),
  }))
  .query(() => {
    const available = listAvailableData();
    const timeframes = SWEEP_TIMEFRAMES.filter((tf) => available.some((a) => a.timeframe === tf));
    const symbols = [...new Set(available.map((a) => a.symbol))].sort().map((symbol) => ({
      symbol, timeframes: available.filter((a) => a.symbol === symbol && (SWEEP_TIMEFRAMES as readonly string[]).includes(a.timeframe)).map((a) => a.timeframe),
    })).filter((s) => s.timeframes.length > 0);
    return {
      strategies: STRATEGY_NAMES.map((name) => ({
        name, params: Object.entries(PARAMS[name].parse({}) as Record<string, number>).map(([param, defaultValue]) => ({ name: param, defaultValue })),
      })),
      timeframes, symbols, maxRuns: SWEEP_MAX_RUNS,
    };
  });
