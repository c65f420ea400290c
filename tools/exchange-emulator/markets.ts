import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { CandleSeries } from '@/domain/market/candle-series';

/**
 * The emulator's markets: one per candle file it serves (any symbol), with Binance's
 * trading rules. The rules of the symbols in data/exchange/binance-spot-filters.json are
 * Binance's own (from ccxt's static exchangeInfo snapshot, provenance in the file); any
 * other symbol gets the DEFAULT RULE, chosen to look like Binance's for a coin of that price:
 *  - tickSize: 10^(floor(log10(last close)) − 5), so a price carries 6 significant digits
 *    (97,012.35 → 0.1; 0.3456 → 0.000001), at least 1e-8;
 *  - stepSize = minQty: 10^(−floor(log10(last close)) − 1) clamped to [1e-8, 1]: a coin at
 *    ~100 trades in 0.001, at ~97,000 in 0.00001, below 1 in whole units;
 *  - minNotional 5 and maxNotional 9,000,000 (USDT), maxQty 9,000,000.
 */
export interface MarketRules {
  tickSize: string; minPrice: string; maxPrice: string;
  stepSize: string; minQty: string; maxQty: string; marketMaxQty: string;
  minNotional: string; maxNotional: string;
  /** where the numbers come from: "binance snapshot" or "default rule" */
  source: 'binance snapshot' | 'default rule';
}

export interface EmulatorMarket {
  symbol: string; // BTCUSDT
  base: string;
  quote: string;
  rules: MarketRules;
  series: CandleSeries;
  timeframeMs: number;
}

const fixtureSchema = z.object({
  source: z.string(),
  symbols: z.record(z.string(), z.object({
    tickSize: z.string(), minPrice: z.string(), maxPrice: z.string(), stepSize: z.string(), minQty: z.string(), maxQty: z.string(),
    marketMaxQty: z.string(), minNotional: z.string(), maxNotional: z.string(),
  })),
});

const FIXTURE = path.resolve(import.meta.dirname, '..', '..', 'data', 'exchange', 'binance-spot-filters.json');
let fixture: z.infer<typeof fixtureSchema> | undefined;

/** Decimal text of 10^e without exponent notation: 1e-5 → "0.00001", 1e2 → "100". */
export function pow10Text(e: number): string {
  if (e >= 0) return `1${'0'.repeat(e)}`;
  return `0.${'0'.repeat(-e - 1)}1`;
}

export function defaultRules(price: number): MarketRules {
  const mag = Math.floor(Math.log10(price > 0 ? price : 1));
  const tickExp = Math.max(-8, mag - 5);
  const stepExp = Math.min(0, Math.max(-8, -mag - 1));
  return {
    tickSize: pow10Text(tickExp), minPrice: pow10Text(tickExp), maxPrice: '1000000',
    stepSize: pow10Text(stepExp), minQty: pow10Text(stepExp), maxQty: '9000000', marketMaxQty: '9000000',
    minNotional: '5', maxNotional: '9000000', source: 'default rule',
  };
}

export function rulesFor(symbol: string, price: number): MarketRules {
  fixture ??= fixtureSchema.parse(JSON.parse(fs.readFileSync(FIXTURE, 'utf8')));
  const f = fixture.symbols[symbol];
  return f ? { ...f, source: 'binance snapshot' } : defaultRules(price);
}

export const TIMEFRAME_MS: Record<string, number> = { '1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000, '4h': 14_400_000, '1d': 86_400_000 };

export function marketFromSeries(s: CandleSeries): EmulatorMarket {
  if (s.length === 0) throw new Error(`${s.symbol}: the candle file has no candles`);
  const symbol = `${s.base}${s.quote}`;
  const timeframeMs = TIMEFRAME_MS[s.timeframe];
  if (!timeframeMs) throw new Error(`${s.symbol}: timeframe ${s.timeframe} is not one of ${Object.keys(TIMEFRAME_MS).join(', ')}`);
  // the default rule sizes the tick from the file's LAST close, as Binance sizes it from today's price
  return { symbol, base: s.base, quote: s.quote, rules: rulesFor(symbol, s.close[s.length - 1]!), series: s, timeframeMs };
}

/** Floor `x` to a multiple of `step` (decimal text), exactly in decimal digits. */
export function decimals(step: string): number {
  const i = step.indexOf('.');
  if (i < 0) return 0;
  const frac = step.slice(i + 1).replace(/0+$/, '');
  return frac.length;
}
