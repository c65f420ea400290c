import type { CandleSeries } from '@/domain/market/candle-series';

/** A series from closes (high/low ±range around each close), one candle an hour. */
export function seriesFrom(symbol: string, closes: number[], o: { volume?: number; range?: number } = {}): CandleSeries {
  const n = closes.length;
  const col = (f: (c: number, i: number) => number) => Float64Array.from(closes, f);
  const [base, quote] = symbol.split('/') as [string, string];
  const range = o.range ?? 0.005;
  return {
    symbol, base, quote, timeframe: '1h', length: n,
    time: col((_, i) => i * 3_600_000),
    open: col((c, i) => (i > 0 ? closes[i - 1]! : c)),
    high: col((c, i) => Math.max(c, i > 0 ? closes[i - 1]! : c) * (1 + range)),
    low: col((c, i) => Math.min(c, i > 0 ? closes[i - 1]! : c) * (1 - range)),
    close: col((c) => c),
    volume: col(() => o.volume ?? 100),
  };
}

/** Deterministic pseudo-random walk (LCG), so fixtures need no Math.random. */
export function walk(n: number, seed: number, start = 100, step = 0.01): number[] {
  let x = seed >>> 0;
  const out = [start];
  for (let i = 1; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(out[i - 1]! * (1 + ((x / 2 ** 32) - 0.5) * 2 * step));
  }
  return out;
}
