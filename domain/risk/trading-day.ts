const formatters = new Map<string, Intl.DateTimeFormat>();
const keys = new Map<string, Map<number, string>>();
/** Every UTC offset in use since 1970 is a multiple of 15 minutes, so a day boundary never falls inside a quarter hour. */
const QUARTER_HOUR_MS = 900_000;
const MAX_CACHED = 20_000;
const DAY_MS = 86_400_000;
const utcKeys = new Map<number, string>();

/**
 * The trading day `at` falls in, as YYYY-MM-DD, for a day that starts at midnight in
 * `timeZone` (UTC by default). In backtest and paper replay `at` is the candle clock.
 * Keys are cached per quarter hour: Intl formatting costs ~1 µs, and the risk state asks
 * twice per candle (17% of a backtest's time before the cache). UTC, the default and the
 * backtest's zone, needs no Intl at all: its day is the epoch day, cached by day number
 * (a quarter-hour cache of a 5m backtest overflowed and formatted every quarter hour).
 */
export function tradingDayKey(at: Date, timeZone = 'UTC'): string {
  if (timeZone === 'UTC') {
    const day = Math.floor(at.getTime() / DAY_MS);
    let key = utcKeys.get(day);
    if (key === undefined) {
      key = new Date(day * DAY_MS).toISOString().slice(0, 10);
      if (utcKeys.size >= MAX_CACHED) utcKeys.clear();
      utcKeys.set(day, key);
    }
    return key;
  }
  const bucket = Math.floor(at.getTime() / QUARTER_HOUR_MS);
  let cache = keys.get(timeZone);
  const hit = cache?.get(bucket);
  if (hit !== undefined) return hit;
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  const key = f.format(at);
  if (!cache || cache.size >= MAX_CACHED) {
    cache = new Map();
    keys.set(timeZone, cache);
  }
  cache.set(bucket, key);
  return key;
}
