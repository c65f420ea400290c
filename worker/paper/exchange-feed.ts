import ccxt from 'ccxt';
import type { BinanceClient } from '@/adapters/exchange/binance';
import { appendClosedCandles, loadExchangeMarket } from '@/adapters/exchange/candles';
import { loadMarketsAfresh } from '@/adapters/exchange/load-markets';
import type { CandleSeries } from '@/domain/market/candle-series';
import { timeframeMs } from '@/domain/market/timeframes';
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
  const tf = timeframeMs(timeframe, 'LIVE_TIMEFRAME');
  await loadMarketsAfresh(ex);
  const feed: ReplayFeed = { files: [], series: [], timeframeMs: tf, rules: {} };
  let latest: number | null = null;
  const noteLatest = (s: CandleSeries) => { if (s.length) latest = Math.max(latest ?? -Infinity, s.time[s.length - 1]!); };
  for (const symbol of symbols) {
    const m = await loadExchangeMarket(ex, symbol, timeframe, tf, nowMs, warmup);
    feed.rules![symbol] = m.rules;
    feed.series.push(m.series);
    feed.files.push(`${symbol} ${timeframe}`);
    noteLatest(m.series);
  }
  const source: PriceSource = {
    async poll(now) {
      for (const s of feed.series) {
        try {
          await appendClosedCandles(ex, s, tf, now);
        } catch (e) {
          if (!(e instanceof ccxt.OperationFailed)) throw e; // the exchange unreachable: the clock waits, the next poll catches up
        }
        noteLatest(s);
      }
      return latest;
    },
  };
  return { feed, source, latest };
}
