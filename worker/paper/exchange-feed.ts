import ccxt from 'ccxt';
import type { BinanceClient } from '@/adapters/exchange/binance';
import { appendCandle, growableSeries } from '@/domain/market/candle-series';
import { TIMEFRAME_MS } from '@/worker/live/live-runner';
import type { ReplayFeed } from './replay-feed';

/** Where paper mode's clock comes from when it trades an exchange's live prices: the newest closed candle. */
export interface PriceSource {
  /** Fetch the candles that closed since the last poll into the feed; the newest closed candle's open time (null before any). */
  poll(nowMs: number): Promise<number | null>;
}

/**
 * Paper mode on an exchange's live prices (the emulator's, the testnet's or the real
 * exchange's public market data: no key, no order ever sent): the feed's series start with
 * the last `warmup` closed candles of each symbol and grow as candles close, and the
 * exchange's own market rules (lot step, minimum notional, tick) size the simulated orders.
 * The replay clock is the exchange's: a candle is processed once it has closed there.
 */
export async function loadExchangeFeed(ex: BinanceClient, symbols: string[], timeframe: string, nowMs: number, warmup = 500): Promise<{ feed: ReplayFeed; source: PriceSource; latest: number | null }> {
  const tf = TIMEFRAME_MS[timeframe];
  if (!tf) throw new Error(`LIVE_TIMEFRAME ${timeframe} is not one of ${Object.keys(TIMEFRAME_MS).join(', ')}`);
  await ex.loadMarkets();
  const feed: ReplayFeed = { files: [], series: [], timeframeMs: tf, rules: {} };
  let latest: number | null = null;
  for (const symbol of symbols) {
    const mk = ex.markets?.[symbol];
    if (!mk) throw new Error(`LIVE_SYMBOLS: ${symbol} is not a market of the exchange`);
    const s = growableSeries(symbol, mk.base ?? symbol.split('/')[0]!, mk.quote ?? symbol.split('/')[1]!, timeframe, warmup * 2);
    for (const r of await ex.fetchOHLCV(symbol, timeframe, undefined, Math.min(1000, warmup))) if (r[0]! + tf <= nowMs) appendCandle(s, r as number[]);
    const step = mk.precision.amount ?? 1e-8;
    feed.rules![symbol] = { qtyStep: step, minQty: mk.limits.amount?.min ?? step, minNotional: mk.limits.cost?.min ?? 5, feeRate: mk.taker ?? 0.001, priceTick: mk.precision.price ?? 1e-8 };
    feed.series.push(s);
    feed.files.push(`${symbol} ${timeframe}`);
    if (s.length) latest = Math.max(latest ?? -Infinity, s.time[s.length - 1]!);
  }
  const source: PriceSource = {
    async poll(now) {
      for (const s of feed.series) {
        const last = s.length ? s.time[s.length - 1]! : -Infinity;
        try {
          for (const r of await ex.fetchOHLCV(s.symbol, timeframe, Number.isFinite(last) ? last + tf : undefined, 100)) {
            if (r[0]! <= last || r[0]! + tf > now) continue;
            appendCandle(s, r as number[]);
          }
        } catch (e) {
          if (!(e instanceof ccxt.OperationFailed)) throw e; // the exchange unreachable: the clock waits, the next poll catches up
        }
        if (s.length) latest = Math.max(latest ?? -Infinity, s.time[s.length - 1]!);
      }
      return latest;
    },
  };
  return { feed, source, latest };
}
