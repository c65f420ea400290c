import { z } from 'zod';

const period = (def: number) => z.number().int().min(2).max(5000).default(def);
const common = {
  /** target = entry + rewardRisk × (entry − stop): 2 leaves room for fees above the 1.5 floor */
  rewardRisk: z.number().min(1.6).max(10).default(3),
  minStopFraction: z.number().min(0.001).max(0.2).default(0.005),
  /** the fee rate the target allows for (Binance spot taker, 0.1%) */
  feeRate: z.number().min(0).max(0.01).default(0.001),
};

/**
 * Strategy parameters, from config. The defaults are slow for 1h candles on purpose: the
 * textbook values (EMA 20/50, Donchian 20/10, RSI 30/70 with a 1.5 ATR stop) lose
 * after Binance's fees on the shipped 1h data (profit factor 0.75–0.95 over 2017–2026),
 * because a stop of one or two hourly ATRs makes the 0.2% round trip cost a fifth of R.
 * docs/backtest.md has the comparison; these are in-sample choices, not a promise.
 */
export const emaCrossParams = z.strictObject({ fast: period(100), slow: period(400), atrPeriod: period(14), atrStop: z.number().min(0.5).max(10).default(4), ...common })
  .refine((p) => p.fast < p.slow, { path: ['fast'], message: 'fast must be shorter than slow' });
export const donchianParams = z.strictObject({ entryPeriod: period(200), exitPeriod: period(100), atrPeriod: period(14), atrStop: z.number().min(0.5).max(10).default(5), ...common });
export const rsiReversionParams = z.strictObject({
  rsiPeriod: period(14), oversold: z.number().min(5).max(50).default(30), overbought: z.number().min(50).max(95).default(90),
  trendPeriod: period(1000), atrPeriod: period(14), atrStop: z.number().min(0.5).max(10).default(5), ...common,
});

export type EmaCrossParams = z.infer<typeof emaCrossParams>;
export type DonchianParams = z.infer<typeof donchianParams>;
export type RsiReversionParams = z.infer<typeof rsiReversionParams>;
