import type { Tx } from '@/adapters/db/client';
import { loadRiskInputs } from '@/adapters/repo/risk-inputs';
import type { EngineMarket, EnginePending, EnginePosition, EngineState, ExitReason } from '@/domain/pipeline/engine';
import { EMPTY_STATS, recordTrade, type StrategyStats } from '@/domain/pipeline/learning';
import { indexAtOrBefore } from '@/domain/market/candle-series';
import type { LastTrade } from '@/domain/risk/types';
import { z } from 'zod';
import type { Venue } from '@/generated/prisma/enums';

/** What paper mode keeps in Order.raw for an entry that has not filled yet. */
export const pendingEntryRaw = z.object({
  strategy: z.string(), stop: z.number(), target: z.number(), notional: z.number(), riskAmount: z.number(), equityAtEntry: z.number(), decidedAt: z.number(),
});
export type PendingEntryRaw = z.infer<typeof pendingEntryRaw>;

const REASONS = new Set<string>(['STOP', 'TARGET', 'SIGNAL', 'TIME', 'END', 'SAFE_MODE', 'ROLLBACK', 'MANUAL']);
export const toExitReason = (r: string | null): ExitReason => (r !== null && REASONS.has(r) ? r as ExitReason : 'MANUAL');

/**
 * The engine's state as PostgreSQL has it: the paper broker's cash, open positions (with
 * their stop, target, R and any exit already requested), entries waiting for the next
 * open, the risk state, and LEARNING's statistics rebuilt from the closed trades. Read in
 * the transaction that locks the account's risk state.
 */
export async function loadEngineState(tx: Tx, accountId: string, cash: number, markets: readonly EngineMarket[], venue: Venue = 'PAPER'): Promise<EngineState> {
  const bySymbol = new Map(markets.map((m) => [m.s.symbol, m]));
  const market = (symbol: string) => {
    const m = bySymbol.get(symbol);
    if (!m) {
      throw new Error(venue === 'PAPER' ? `paper state has ${symbol}, which REPLAY_DATA does not replay: add its file or reset the paper replay`
        : `the exchange holds a position of ours in ${symbol}, which LIVE_SYMBOLS does not trade: add ${symbol} to LIVE_SYMBOLS so its stop and exits are managed`);
    }
    return m;
  };
  const inputs = await loadRiskInputs(tx, accountId, {});
  const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId }, select: { isSafeMode: true } });
  // one after the other: a transaction is one connection, and pg refuses overlapping queries on it
  const open = await tx.position.findMany({ where: { accountId, venue, status: { in: ['OPEN', 'CLOSING'] } }, orderBy: { openedAt: 'asc' } });
  const pendingOrders = await tx.order.findMany({ where: { accountId, venue, purpose: 'ENTRY', status: { in: ['PENDING_SUBMIT', 'SUBMITTED', 'OPEN'] } }, orderBy: { createdAt: 'asc' } });
  const closed = await tx.position.findMany({ where: { accountId, venue, status: 'CLOSED' }, orderBy: { closedAt: 'asc' },
    select: { strategy: true, realizedPnl: true, rMultiple: true, riskFraction: true } });
  const positions: EnginePosition[] = open.map((p) => {
    const m = market(p.symbol);
    const riskAmount = p.initialRisk.toNumber();
    const riskFraction = p.riskFraction?.toNumber() ?? 0;
    const held = Math.max(0, (m.i - 1) - indexAtOrBefore(m.s, p.openedAt.getTime()));
    return {
      id: p.id, m, strategy: p.strategy, qty: p.quantity.toNumber(), entryPrice: p.entryPrice.toNumber(), entryTime: p.openedAt.getTime(),
      entryFee: p.fees.toNumber(), stop: p.stopPrice.toNumber(), target: p.targetPrice?.toNumber() ?? Infinity, riskAmount,
      equityAtEntry: riskFraction > 0 ? riskAmount / riskFraction : riskAmount, candles: held,
      // CLOSING: an exit was requested (by a signal, a time exit, safe mode or an operator); it fills at the next open
      queuedExit: p.status === 'CLOSING' ? toExitReason(p.exitReason) : null,
    };
  });
  const pending: EnginePending[] = pendingOrders.map((o) => {
    const raw = pendingEntryRaw.parse(o.raw);
    return { id: o.id, m: market(o.symbol), strategy: raw.strategy, qty: o.quantity.toNumber(), stop: raw.stop, target: raw.target,
      notional: raw.notional, riskAmount: raw.riskAmount, equityAtEntry: raw.equityAtEntry, decidedAt: raw.decidedAt };
  });
  const stats: Record<string, StrategyStats> = {};
  const lastTrade: Record<string, LastTrade> = {};
  for (const c of closed) {
    const pnl = c.realizedPnl?.toNumber() ?? 0;
    stats[c.strategy] = recordTrade(stats[c.strategy] ?? EMPTY_STATS, { pnl, rMultiple: c.rMultiple?.toNumber() ?? 0 });
    lastTrade[c.strategy] = { isLoss: pnl < 0, riskFraction: c.riskFraction?.toNumber() ?? Infinity };
  }
  return { cash, risk: inputs.snapshot, isSafeMode: rs.isSafeMode, extremeSizeMultiplier: inputs.state.extremeSizeMultiplier, positions, pending, lastTrade, stats };
}
