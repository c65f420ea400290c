import type { DbOrTx } from '@/adapters/db/client';
import { strategyWeight, summarize, type LearningConfig, type StrategyStats } from '@/domain/pipeline/learning';

const dec = (x: number) => (Number.isFinite(x) ? x.toFixed(12) : '0');

/** LEARNING's per-strategy statistics and bounded weight, as the dashboard reads them (paper and live write the same row). */
export async function saveStrategyStats(db: DbOrTx, accountId: string, strategy: string, st: StrategyStats, learning: LearningConfig) {
  const sum = summarize(st);
  const stat = { trades: sum.trades, wins: st.wins, losses: st.losses, winRate: dec(sum.winRate), avgR: dec(sum.avgR), expectancy: dec(sum.expectancy),
    profitFactor: sum.profitFactor === null ? null : dec(sum.profitFactor), weight: dec(strategyWeight(st, learning)) };
  await db.strategyStat.upsert({ where: { accountId_strategy: { accountId, strategy } }, create: { accountId, strategy, ...stat }, update: stat });
}
