import type { TestDb } from './test-db';

/** The start of the seeded paper history. */
export const PAPER_HISTORY_T0 = Date.parse('2025-01-01T00:00:00Z');

/** 60 days of paper history that meets every paper criterion: steady equity growth (Sharpe > 1, drawdown < 8%) and 120 trades, both halves winning. */
export async function seedGoodPaperHistory(t: TestDb, accountId: string) {
  await t.db.equitySnapshot.createMany({ data: Array.from({ length: 60 * 24 }, (_, h) => {
    const equity = 500 * (1 + 0.0002 * h) * (1 + 0.003 * Math.sin(h / 7));
    return { accountId, at: new Date(PAPER_HISTORY_T0 + h * 3_600_000), equity, cash: equity, exposure: 0, realizedPnl: 0, unrealizedPnl: 0, drawdownFraction: 0 };
  }) });
  await t.db.position.createMany({ data: Array.from({ length: 120 }, (_, k) => ({
    accountId, symbol: 'BTC/USDT', strategy: 'ema_cross', status: 'CLOSED' as const, quantity: 0.001, entryPrice: 50_000, stopPrice: 49_000, targetPrice: 53_000,
    initialRisk: 1, openedAt: new Date(PAPER_HISTORY_T0 + k * 12 * 3_600_000), closedAt: new Date(PAPER_HISTORY_T0 + (k * 12 + 6) * 3_600_000), exitPrice: 50_500,
    exitReason: k % 3 === 0 ? 'STOP' as const : 'TARGET' as const, realizedPnl: k % 3 === 0 ? -1 : 2, rMultiple: k % 3 === 0 ? -1 : 2,
  })) });
}
