import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { marketVolatility } from '@/adapters/repo/volatility-alerts';
import { consecutiveLosses, DEFAULT_ALERT_THRESHOLDS } from '@/domain/alerts/trade-rules';

/** the streak is counted over at most this many closed trades (a longer one reads "200+") */
const STREAK_LOOKBACK = 200;

export const riskSignals = z.object({
  accountId: z.string(),
  consecutiveLosses: z.number(),
  isStreakCapped: z.boolean(),
  /** the consecutive-losses warning's threshold (more than this many in a row) */
  maxConsecutiveLosses: z.number(),
  /** each traded market's volatility percentile from its newest stored candles (the high-volatility rule's own measure) */
  markets: z.array(z.object({ symbol: z.string(), timeframe: z.string(), percentile: z.number().nullable(), candles: z.number(), at: z.string().nullable() })),
  isHighVolatilityOpen: z.boolean(),
});
export type RiskSignals = z.infer<typeof riskSignals>;

/**
 * The markets an exchange has candles for, by a loose index scan of the candle key
 * (one index probe per market, not a pass over every stored candle).
 */
async function storedMarkets(db: Db, exchange: string) {
  return db.$queryRaw<{ symbol: string; timeframe: string }[]>`
    WITH RECURSIVE m AS (
      (SELECT symbol, timeframe FROM "Candle" WHERE exchange = ${exchange} ORDER BY symbol, timeframe LIMIT 1)
      UNION ALL
      SELECT n.symbol, n.timeframe FROM m, LATERAL (
        SELECT c.symbol, c.timeframe FROM "Candle" c WHERE c.exchange = ${exchange} AND (c.symbol, c.timeframe) > (m.symbol, m.timeframe)
        ORDER BY c.symbol, c.timeframe LIMIT 1) n
    ) SELECT symbol, timeframe FROM m`;
}

/** How many of the account's newest closed trades lost in a row (counted over at most STREAK_LOOKBACK). */
export async function readConsecutiveLosses(db: Db, accountId: string): Promise<number> {
  const recent = await db.position.findMany({ where: { accountId, status: 'CLOSED' }, orderBy: [{ closedAt: 'desc' }, { id: 'desc' }], take: STREAK_LOOKBACK,
    select: { realizedPnl: true } });
  return consecutiveLosses(recent.map((r) => r.realizedPnl?.toNumber() ?? 0));
}

/** The volatility percentile of every market the exchange has stored candles for. */
export async function readMarketVolatility(db: Db, exchange: string) {
  return marketVolatility(db, exchange, await storedMarkets(db, exchange));
}

/** Consecutive losses and the volatility percentile of every market with candles. */
export async function readRiskSignals(db: Db, account: { id: string; exchange: string }): Promise<RiskSignals> {
  const streak = await readConsecutiveLosses(db, account.id);
  const open = await db.alert.count({ where: { accountId: account.id, code: 'HIGH_VOLATILITY', status: 'OPEN' } });
  return {
    accountId: account.id, consecutiveLosses: streak, isStreakCapped: streak >= STREAK_LOOKBACK, maxConsecutiveLosses: DEFAULT_ALERT_THRESHOLDS.maxConsecutiveLosses,
    markets: await readMarketVolatility(db, account.exchange), isHighVolatilityOpen: open > 0,
  };
}
