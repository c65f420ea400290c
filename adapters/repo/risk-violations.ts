import type { Tx } from '@/adapters/db/client';
import { riskConfigFromRow } from '@/adapters/repo/risk-inputs';
import { splitSymbol } from '@/domain/market/candle-series';
import { findViolations, type Violation } from '@/domain/risk/find-violations';
import { resolveLimits } from '@/domain/risk/risk-config';

/** A breach that persists (exposure drifting above a cap) is one violation per this window, not one per pass. */
const REPEAT_AFTER_MS = 24 * 3_600_000;

function describe(v: Violation): string {
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(2)}%` : 'unbounded');
  switch (v.rule) {
    case 'exposure.asset': return `${v.subject} exposure ${pct(v.value)} of equity above the ${pct(v.limit)} cap (beyond the drift tolerance)`;
    case 'exposure.total': return `total exposure ${pct(v.value)} of equity above the ${pct(v.limit)} cap (beyond the drift tolerance)`;
    case 'loss.beyond_plan': return `closed trade lost ${v.value.toFixed(2)}, more than ${v.limit.toFixed(2)} (1.5× its planned risk): slippage through the stop`;
    case 'stop.missing': return 'open position without a stop';
    case 'order.unapproved': return 'entry order without an approved decision';
  }
}

/**
 * MONITOR's after-the-fact check (domain/risk/find-violations.ts) on one account, recording
 * each new breach as a RiskViolation row: open positions valued at the newest stored candle
 * close (those being exited left out), trades closed since `since`, entries without an approved decision. The promotion
 * gate requires none and the automatic rollback fires on any. Returns the rows written.
 */
export async function recordViolations(tx: Tx, accountId: string, since: Date, now: Date) {
  const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: accountId }, select: { exchange: true, riskState: { select: { equity: true } }, riskConfig: true } });
  if (!account.riskState) return [];
  const limits = resolveLimits(riskConfigFromRow(account.riskConfig));
  // a CLOSING position is being exited (after a rollback rebased the equity down it can read as over a cap): not a breach
  const open = await tx.position.findMany({ where: { accountId, status: 'OPEN' } });
  const marks = new Map<string, number>();
  for (const symbol of new Set(open.map((p) => p.symbol))) {
    const c = await tx.candle.findFirst({ where: { exchange: account.exchange, symbol }, orderBy: { openTime: 'desc' }, select: { close: true } });
    if (c) marks.set(symbol, c.close.toNumber());
  }
  const closed = await tx.position.findMany({ where: { accountId, status: 'CLOSED', closedAt: { gte: since } }, select: { id: true, initialRisk: true, realizedPnl: true } });
  const unapproved = await tx.$queryRaw<{ clientOrderId: string }[]>`
    SELECT o."clientOrderId" FROM "Order" o LEFT JOIN "JournalEntry" j ON j.id = o."decisionId"
    WHERE o."accountId" = ${accountId}::uuid AND o.purpose = 'ENTRY' AND o."createdAt" >= ${since}
      AND o.status NOT IN ('PENDING_SUBMIT', 'CANCELED', 'REJECTED')
      AND (j.id IS NULL OR j.outcome IS NULL OR j.outcome = 'REJECTED')`;
  const found = findViolations({
    equity: account.riskState.equity.toNumber(), limits,
    positions: open.map((p) => ({ id: p.id, symbol: p.symbol, asset: splitSymbol(p.symbol)?.base ?? p.symbol, side: p.side, strategy: p.strategy,
      quantity: p.quantity.toNumber(), entryPrice: p.entryPrice.toNumber(), markPrice: marks.get(p.symbol) ?? p.entryPrice.toNumber(),
      stopPrice: p.stopPrice.toNumber() > 0 ? p.stopPrice.toNumber() : null })),
    closedTrades: closed.map((t) => ({ id: t.id, plannedRisk: t.initialRisk.toNumber(), realizedPnl: t.realizedPnl?.toNumber() ?? 0 })),
    exchangeOrders: unapproved.map((o) => ({ clientOrderId: o.clientOrderId, hasApprovedDecision: false })),
  });
  const written = [];
  for (const v of found) {
    const seen = await tx.riskViolation.findFirst({ where: { accountId, rule: v.rule, evidence: { path: ['subject'], equals: v.subject }, observedAt: { gte: new Date(now.getTime() - REPEAT_AFTER_MS) } } });
    if (seen) continue;
    written.push(await tx.riskViolation.create({ data: { accountId, rule: v.rule, message: describe(v), observedAt: now,
      evidence: { subject: v.subject, value: Number.isFinite(v.value) ? v.value : null, limit: v.limit } } }));
  }
  return written;
}
