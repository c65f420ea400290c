import type { BinanceClient } from '@/adapters/exchange/binance';
import { appendCandle, growableSeries, type CandleSeries } from '@/domain/market/candle-series';
import type { MarketRules } from '@/domain/risk/types';

/**
 * An exchange's market as the pipeline needs it: a growable series of its closed candles
 * (the last `warmup`, to warm the strategies) and its own rules (lot step, minimum notional,
 * fee, price tick). Live mode and paper on live prices both build their markets here.
 */
export async function loadExchangeMarket(ex: BinanceClient, symbol: string, timeframe: string, tf: number, nowMs: number, warmup: number) {
  const mk = ex.markets?.[symbol];
  if (!mk) throw new Error(`LIVE_SYMBOLS: ${symbol} is not a market of the exchange`);
  const series = growableSeries(symbol, mk.base ?? symbol.split('/')[0]!, mk.quote ?? symbol.split('/')[1]!, timeframe, warmup * 2 + 64);
  for (const r of await ex.fetchOHLCV(symbol, timeframe, undefined, Math.min(1000, warmup))) if (r[0]! + tf <= nowMs) appendCandle(series, r as number[]);
  const step = mk.precision.amount ?? 1e-8;
  const rules: MarketRules & { priceTick: number } = {
    qtyStep: step, minQty: mk.limits.amount?.min ?? step, minNotional: mk.limits.cost?.min ?? 5, feeRate: mk.taker ?? 0.001, priceTick: mk.precision.price ?? 1e-8,
  };
  return { series, rules, marketId: mk.id ?? symbol.replace('/', '') };
}

/**
 * Append the candles that closed on the exchange since the series' last one (a candle closes
 * `tf` after it opens; the one still forming is left for a later poll). True when any was new.
 */
export async function appendClosedCandles(ex: BinanceClient, s: CandleSeries, tf: number, nowMs: number): Promise<boolean> {
  const last = s.length ? s.time[s.length - 1]! : -Infinity;
  let isNew = false;
  for (const r of await ex.fetchOHLCV(s.symbol, s.timeframe, Number.isFinite(last) ? last + tf : undefined, 100)) {
    if (r[0]! <= last || r[0]! + tf > nowMs) continue;
    appendCandle(s, r as number[]);
    isNew = true;
  }
  return isNew;
}
