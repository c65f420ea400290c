import { z } from 'zod';
import type { Tx } from '@/adapters/db/client';
import type { ApprovedDecision, DecisionCount, ViolationRow } from '@/domain/ops/compliance-report';
import type { DayPerformanceInput } from '@/domain/ops/daily-summary';

/**
 * The rows of one account's day that the daily summary and the compliance report are built
 * from (domain/ops/daily-summary.ts, compliance-report.ts). A day is [start, end) by the
 * account's own clock: the candle clock for a paper replay, which is what its rows carry.
 */

/**
 * The clock an account's rows are stamped with: a paper replay's cursor (candle time), or
 * the wall clock for live accounts and paper trading on exchange prices. Null: no day to
 * report yet (a replay that has processed no candle, or a paper account whose runner has
 * not started: it may turn out to be a replay, whose days are not the wall clock's).
 */
export async function accountClock(tx: Tx, accountId: string, wallNow: Date): Promise<{ at: Date; isCandleClock: boolean } | null> {
  const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: accountId },
    select: { kind: true, paperReplay: { select: { cursorTime: true, feed: true } }, liveSync: { select: { accountId: true } } } });
  const replay = account.paperReplay;
  if (replay) {
    if ((replay.feed as { prices?: unknown } | null)?.prices === 'exchange') return { at: wallNow, isCandleClock: false };
    return replay.cursorTime ? { at: replay.cursorTime, isCandleClock: true } : null;
  }
  return account.kind === 'PAPER' && !account.liveSync ? null : { at: wallNow, isCandleClock: false };
}

export async function loadDayPerformance(tx: Tx, accountId: string, quoteCurrency: string, start: Date, end: Date): Promise<DayPerformanceInput> {
  const inDay = { gte: start, lt: end };
  // the opening equity is the last sample at or before the start; the closing one may sit exactly on the end (a candle's close)
  const opening = await tx.equitySnapshot.findFirst({ where: { accountId, at: { lte: start } }, orderBy: [{ at: 'desc' }, { id: 'desc' }], select: { at: true, equity: true } });
  const during = await tx.equitySnapshot.findMany({ where: { accountId, at: { gt: start, lte: end } }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { at: true, equity: true } });
  const equity = [...(opening ? [opening] : []), ...during].map((s) => ({ t: s.at.getTime(), equity: s.equity.toNumber() }));
  const tradesOpened = await tx.position.count({ where: { accountId, openedAt: inDay } });
  const closed = await tx.position.findMany({ where: { accountId, status: 'CLOSED', closedAt: inDay }, orderBy: { closedAt: 'asc' },
    select: { realizedPnl: true, rMultiple: true, fees: true, openedAt: true, closedAt: true } });
  const fills = await tx.fill.findMany({ where: { accountId, filledAt: inDay }, select: { symbol: true, price: true, fee: true, feeCurrency: true } });
  return {
    quoteCurrency, equity, tradesOpened,
    closed: closed.map((p) => ({ pnl: p.realizedPnl?.toNumber() ?? 0, rMultiple: p.rMultiple?.toNumber() ?? 0, fees: p.fees.toNumber(), entryTime: p.openedAt.getTime(), exitTime: p.closedAt!.getTime() })),
    fills: fills.map((f) => ({ symbol: f.symbol, price: f.price.toNumber(), fee: f.fee.toNumber(), feeCurrency: f.feeCurrency })),
  };
}

const storedChecks = z.object({
  checks: z.array(z.object({ rule: z.string(), outcome: z.string(), input: z.number().nullable(), added: z.number().nullable(), threshold: z.number().nullable() })),
});

export async function loadDayCompliance(tx: Tx, accountId: string, start: Date, end: Date): Promise<{ counts: DecisionCount[]; approved: ApprovedDecision[]; violations: ViolationRow[] }> {
  const inDay = { gte: start, lt: end };
  const groups = await tx.journalEntry.groupBy({ by: ['outcome', 'rule'], where: { accountId, kind: 'DECISION', at: inDay }, _count: { _all: true } });
  const approvedRows = await tx.journalEntry.findMany({ where: { accountId, kind: 'DECISION', outcome: 'APPROVED', at: inDay }, orderBy: { at: 'asc' },
    select: { id: true, at: true, symbol: true, strategy: true, details: true } });
  const approved: ApprovedDecision[] = [];
  for (const r of approvedRows) {
    // a row written before checks were stored has nothing to measure: it counts as approved, not as a near-miss
    const parsed = storedChecks.safeParse(r.details);
    if (parsed.success) approved.push({ journalId: r.id.toString(), at: r.at, symbol: r.symbol, strategy: r.strategy, checks: parsed.data.checks });
  }
  const violations = await tx.riskViolation.findMany({ where: { accountId, observedAt: inDay }, select: { id: true, rule: true, message: true, observedAt: true } });
  return { counts: groups.map((g) => ({ outcome: g.outcome, rule: g.rule, count: g._count._all })), approved, violations };
}
