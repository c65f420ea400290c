const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The trading day `at` falls in, as YYYY-MM-DD, for a day that starts at midnight in
 * `timeZone` (UTC by default). In backtest and paper replay `at` is the candle clock.
 */
export function tradingDayKey(at: Date, timeZone = 'UTC'): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(at);
}
