import type { Tx } from '@/adapters/db/client';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { volatilityVerdict } from '@/domain/alerts/trade-rules';
import { MARKET_VOLATILITY, marketVolatilityPercentile } from '@/domain/market/volatility';

export interface Market { symbol: string; timeframe: string }

/** Each market's volatility percentile from its newest stored candles (the candles the runners persist). */
export async function marketVolatility(tx: Tx, exchange: string, markets: readonly Market[]) {
  const out: { symbol: string; timeframe: string; percentile: number | null; candles: number; at: string | null }[] = [];
  for (const m of markets) {
    const rows = await tx.candle.findMany({ where: { exchange, symbol: m.symbol, timeframe: m.timeframe }, orderBy: { openTime: 'desc' },
      take: MARKET_VOLATILITY.lookback + MARKET_VOLATILITY.atrPeriod, select: { openTime: true, high: true, low: true, close: true } });
    rows.reverse();
    const bars = { high: rows.map((r) => r.high.toNumber()), low: rows.map((r) => r.low.toNumber()), close: rows.map((r) => r.close.toNumber()), length: rows.length };
    out.push({ ...m, percentile: marketVolatilityPercentile(bars), candles: rows.length, at: rows.at(-1)?.openTime.toISOString() ?? null });
  }
  return out;
}

/**
 * The high-volatility warning for one account: raised while a traded market's volatility
 * percentile is above `threshold`, cleared below it minus the margin. `isNew` says the
 * alert opened on this call (the caller may switch extreme market mode on then), `isCleared`
 * that it was resolved on this call (and the caller may undo that).
 */
export async function checkVolatility(tx: Tx, accountId: string, exchange: string, markets: readonly Market[], threshold: number, now: Date) {
  const measured = await marketVolatility(tx, exchange, markets);
  const v = volatilityVerdict(measured, threshold);
  const dedupKey = `${accountId}:HIGH_VOLATILITY`;
  if (v.raise) {
    const alert = await raiseAlert(tx, { severity: 'WARNING', code: 'HIGH_VOLATILITY', accountId, dedupKey,
      message: `high volatility: ${v.markets.map((m) => `${m.symbol} at the ${(m.percentile * 100).toFixed(0)}th percentile`).join(', ')} (threshold ${(threshold * 100).toFixed(0)}th)`,
      evidence: { threshold, markets: measured } }, now);
    return { isHigh: true, isNew: alert.occurrences === 1, isCleared: false, measured };
  }
  const isCleared = v.clear ? await resolveAlert(tx, dedupKey, now) : false;
  return { isHigh: false, isNew: false, isCleared, measured };
}
