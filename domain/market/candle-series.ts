/**
 * Candles held column-wise in typed arrays: six float64 columns, 48 bytes a candle,
 * instead of one object per candle (~150+ bytes and a pointer chase per field).
 * `time` is the candle's UTC open time in ms.
 */
export interface CandleSeries {
  symbol: string;
  /** base asset: exposure per asset counts it (BTC for BTC/USDT) */
  base: string;
  quote: string;
  timeframe: string;
  length: number;
  time: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'DAI', 'BTC', 'ETH', 'BNB', 'EUR', 'USD', 'TRY'];

/** BTCUSDT → BTC/USDT; BTC/USDT stays; unknown quote → undefined. */
export function splitSymbol(raw: string): { base: string; quote: string } | undefined {
  const s = raw.toUpperCase();
  if (s.includes('/')) {
    const [base, quote] = s.split('/');
    return base && quote ? { base, quote } : undefined;
  }
  const quote = QUOTES.find((q) => s.endsWith(q) && s.length > q.length);
  return quote ? { base: s.slice(0, -quote.length), quote } : undefined;
}

/** The index of the last candle whose open time is ≤ t (binary search), or -1. */
export function indexAtOrBefore(series: Pick<CandleSeries, 'time' | 'length'>, t: number): number {
  let lo = 0;
  let hi = series.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (series.time[mid]! <= t) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
  }
  return found;
}

/** An empty series that grows as candles arrive (live feeds): columns doubled when full. */
export function growableSeries(symbol: string, base: string, quote: string, timeframe: string, capacity = 1024): CandleSeries {
  const a = () => new Float64Array(Math.max(16, capacity));
  return { symbol, base, quote, timeframe, length: 0, time: a(), open: a(), high: a(), low: a(), close: a(), volume: a() };
}

/** Append one candle [time, open, high, low, close, volume] (ccxt's OHLCV row) to a growable series. */
export function appendCandle(s: CandleSeries, c: readonly number[]) {
  if (s.length === s.time.length) {
    for (const k of ['time', 'open', 'high', 'low', 'close', 'volume'] as const) {
      const bigger = new Float64Array(s[k].length * 2);
      bigger.set(s[k]);
      s[k] = bigger;
    }
  }
  const i = s.length;
  s.time[i] = c[0]!; s.open[i] = c[1]!; s.high[i] = c[2]!; s.low[i] = c[3]!; s.close[i] = c[4]!; s.volume[i] = c[5]!;
  s.length = i + 1;
}
