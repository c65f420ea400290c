import { z } from 'zod';

const period = (def: number) => z.number().int().min(2).max(1000).default(def);
const common = {
  /** target = entry + rewardRisk × (entry − stop): 2 leaves room for fees above the 1.5 floor */
  rewardRisk: z.number().min(1.6).max(10).default(2),
  minStopFraction: z.number().min(0.001).max(0.2).default(0.005),
  /** the fee rate the target allows for (Binance spot taker, 0.1%) */
  feeRate: z.number().min(0).max(0.01).default(0.001),
};

/** Strategy parameters, from config; defaults are the classic textbook values. */
export const emaCrossParams = z.strictObject({ fast: period(20), slow: period(50), atrPeriod: period(14), atrStop: z.number().min(0.5).max(10).default(2), ...common })
  .refine((p) => p.fast < p.slow, { path: ['fast'], message: 'fast must be shorter than slow' });
export const donchianParams = z.strictObject({ entryPeriod: period(20), exitPeriod: period(10), atrPeriod: period(14), atrStop: z.number().min(0.5).max(10).default(2), ...common });
export const rsiReversionParams = z.strictObject({
  rsiPeriod: period(14), oversold: z.number().min(5).max(50).default(30), overbought: z.number().min(50).max(95).default(70),
  trendPeriod: period(200), atrPeriod: period(14), atrStop: z.number().min(0.5).max(10).default(1.5), ...common,
});

export type EmaCrossParams = z.infer<typeof emaCrossParams>;
export type DonchianParams = z.infer<typeof donchianParams>;
export type RsiReversionParams = z.infer<typeof rsiReversionParams>;
