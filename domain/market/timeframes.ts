/** The candle timeframes the product trades, in ms: one table for the replay files and the live feeds. */
export const TIMEFRAME_MS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 };

/** The timeframe's length, or an error naming `field` and the allowed values. */
export function timeframeMs(timeframe: string, field: string): number {
  const tf = TIMEFRAME_MS[timeframe];
  if (!tf) throw new Error(`${field}: timeframe ${timeframe} is not one of ${Object.keys(TIMEFRAME_MS).join(', ')}`);
  return tf;
}
