import type { CandleSeries } from '../market/candle-series';

/** SCAN's filters, from config: liquidity and volatility bands. */
export interface ScanConfig {
  /** candles the statistics look back over (ending at the current one) */
  lookback: number;
  /** minimum mean quote volume per candle (close × volume), e.g. 100,000 USDT */
  minQuoteVolume: number;
  /** mean true range as a fraction of price: too calm to pay fees, or too wild to size */
  minVolatility: number;
  maxVolatility: number;
  /** keep at most this many, most liquid first */
  maxSymbols: number;
}

export const DEFAULT_SCAN: ScanConfig = { lookback: 48, minQuoteVolume: 50_000, minVolatility: 0.001, maxVolatility: 0.08, maxSymbols: 10 };

export interface ScanCandidate { symbol: string; quoteVolume: number; volatility: number }
export interface ScanResult { selected: ScanCandidate[]; dropped: { symbol: string; reason: 'history' | 'illiquid' | 'too_calm' | 'too_volatile'; value: number }[] }

/**
 * SCAN: which symbols are worth a signal at candle index `at[symbol]` (the last candle
 * each may see; nothing after it is read). Drops a symbol without enough history, an
 * illiquid one, and one whose volatility is outside the band; keeps the most liquid.
 */
export function scan(markets: readonly { series: CandleSeries; at: number }[], cfg: ScanConfig = DEFAULT_SCAN): ScanResult {
  const selected: ScanCandidate[] = [];
  const dropped: ScanResult['dropped'] = [];
  for (const { series: s, at } of markets) {
    if (at + 1 < cfg.lookback + 1) { dropped.push({ symbol: s.symbol, reason: 'history', value: at + 1 }); continue; }
    let qv = 0;
    let tr = 0;
    for (let i = at - cfg.lookback + 1; i <= at; i++) {
      qv += s.close[i]! * s.volume[i]!;
      const prev = s.close[i - 1]!;
      tr += Math.max(s.high[i]! - s.low[i]!, Math.abs(s.high[i]! - prev), Math.abs(s.low[i]! - prev)) / s.close[i]!;
    }
    const quoteVolume = qv / cfg.lookback;
    const volatility = tr / cfg.lookback;
    if (quoteVolume < cfg.minQuoteVolume) dropped.push({ symbol: s.symbol, reason: 'illiquid', value: quoteVolume });
    else if (volatility < cfg.minVolatility) dropped.push({ symbol: s.symbol, reason: 'too_calm', value: volatility });
    else if (volatility > cfg.maxVolatility) dropped.push({ symbol: s.symbol, reason: 'too_volatile', value: volatility });
    else selected.push({ symbol: s.symbol, quoteVolume, volatility });
  }
  selected.sort((a, b) => b.quoteVolume - a.quoteVolume);
  for (const c of selected.splice(cfg.maxSymbols)) dropped.push({ symbol: c.symbol, reason: 'illiquid', value: c.quoteVolume });
  return { selected, dropped };
}
