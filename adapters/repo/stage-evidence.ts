import { z } from 'zod';
import type { Tx } from '@/adapters/db/client';
import { computeMetrics } from '@/domain/metrics/compute-metrics';
import { dailyReturns } from '@/domain/metrics/daily-returns';
import { expectancy } from '@/domain/metrics/expectancy';
import type { ClosedTrade } from '@/domain/metrics/types';
import { tradeRegime, type StageEvidence } from '@/domain/stages/promotion-gate';

const DAY_MS = 86_400_000;
const researchJson = z.object({ regime: z.string().nullish(), volatilityPercentile: z.number().nullish() }).loose().nullish();

/**
 * The period a stage is measured over: from the transition into it (the account's whole
 * history when it is the first stage, which in paper replay is the replay itself, on the
 * candle clock) to the transition out of it, or now while it is current.
 */
export async function stagePeriod(tx: Tx, accountId: string, stageId: string) {
  const into = await tx.stageTransition.findFirst({ where: { accountId, toStageId: stageId }, orderBy: { createdAt: 'desc' } });
  const start = into && into.kind !== 'INITIAL' ? into.createdAt : new Date(0);
  const out = into ? await tx.stageTransition.findFirst({ where: { accountId, fromStageId: stageId, createdAt: { gt: into.createdAt } }, orderBy: { createdAt: 'asc' } }) : null;
  return { start, end: out?.createdAt ?? null };
}

async function performanceSince(tx: Tx, accountId: string, from: Date, to: Date | null) {
  const at = to ? { gte: from, lt: to } : { gte: from };
  const snaps = await tx.equitySnapshot.findMany({ where: { accountId, at }, orderBy: { at: 'asc' }, select: { at: true, equity: true } });
  const positions = await tx.position.findMany({
    where: { accountId, status: 'CLOSED', closedAt: at }, orderBy: [{ closedAt: 'asc' }, { id: 'asc' }],
    select: { id: true, realizedPnl: true, rMultiple: true, fees: true, openedAt: true, closedAt: true, decisionId: true },
  });
  const trades: ClosedTrade[] = positions.map((p) => ({ pnl: p.realizedPnl?.toNumber() ?? 0, rMultiple: p.rMultiple?.toNumber() ?? 0, fees: p.fees.toNumber(),
    entryTime: p.openedAt.getTime(), exitTime: p.closedAt!.getTime() }));
  const equity = snaps.map((s) => ({ t: s.at.getTime(), equity: s.equity.toNumber() }));
  const m = computeMetrics(trades, equity);
  // the returns Sharpe and drawdown are computed from (the metrics' own function), not the calendar span
  const returns = dailyReturns(equity).length;
  return { m, trades, positions, dailyReturns: returns, span: equity.length ? { from: equity[0]!.t, to: equity.at(-1)!.t } : null };
}

/** Everything StageEvidence needs, measured from the account's rows (see the domain's promotion gate). */
export async function stageEvidence(tx: Tx, accountId: string, stageId: string): Promise<StageEvidence> {
  const { start, end } = await stagePeriod(tx, accountId, stageId);
  const perf = await performanceSince(tx, accountId, start, end);
  const paperStage = await tx.stage.findFirst({ where: { accountId, ordinal: 1 } });
  const paperPeriod = paperStage && paperStage.id !== stageId ? await stagePeriod(tx, accountId, paperStage.id) : null;
  const half = perf.trades.length >> 1;

  const within = end ? { gte: start, lt: end } : { gte: start };
  const until = end ?? new Date(8.64e15);
  const violations = await tx.riskViolation.count({ where: { accountId, observedAt: within } });
  // slippage of entry fills against the price the decision expected (the signal's close)
  const slips = await tx.$queryRaw<{ bps: number }[]>`
    SELECT ((f.price / (j.details->'intent'->>'entryPrice')::numeric - 1) * 10000)::float8 AS bps
    FROM "Fill" f JOIN "Order" o ON o.id = f."orderId" JOIN "JournalEntry" j ON j.id = o."decisionId"
    WHERE f."accountId" = ${accountId}::uuid AND o.purpose = 'ENTRY' AND f."filledAt" >= ${start} AND f."filledAt" < ${until}
      AND (j.details->'intent'->>'entryPrice') IS NOT NULL AND (j.details->'intent'->>'entryPrice')::numeric > 0
    ORDER BY f."filledAt" DESC LIMIT 100`;
  const paper = paperPeriod ? await performanceSince(tx, accountId, paperPeriod.start, paperPeriod.end) : null;

  // restarts: worker processes started during the stage after the first; gaps: processes that stopped without a clean shutdown
  const workers = await tx.workerHeartbeat.findMany({ where: { startedAt: within }, orderBy: { startedAt: 'asc' }, select: { startedAt: true, isStopping: true, lastBeatAt: true } });
  const newest = workers.at(-1);
  const crashed = workers.filter((w) => w !== newest && !w.isStopping).length;
  const systemErrors = await tx.journalEntry.count({ where: { accountId, kind: 'SYSTEM', at: within } });
  const riskEvents = await tx.journalEntry.count({ where: { accountId, kind: 'DECISION', outcome: { in: ['SHRUNK', 'REJECTED'] }, at: within } });

  const decisionIds = perf.positions.map((p) => p.decisionId).filter((x): x is bigint => x !== null);
  const decisions = decisionIds.length ? await tx.journalEntry.findMany({ where: { id: { in: decisionIds } }, select: { id: true, details: true } }) : [];
  const regimeOf = new Map(decisions.map((d) => [d.id, tradeRegime(researchJson.safeParse((d.details as { research?: unknown } | null)?.research).data ?? null)]));
  const byRegime = new Map<string, ClosedTrade[]>();
  perf.positions.forEach((p, k) => {
    const r = p.decisionId === null ? null : regimeOf.get(p.decisionId) ?? null;
    if (r) byRegime.set(r, [...(byRegime.get(r) ?? []), perf.trades[k]!]);
  });

  return {
    dailyReturns: perf.dailyReturns, sharpe: perf.m.sharpe, maxDrawdown: perf.m.maxDrawdown,
    trades: perf.trades.length, firstHalfExpectancy: expectancy(perf.trades.slice(0, half)), secondHalfExpectancy: expectancy(perf.trades.slice(half)),
    violations, slippageBps: slips.map((s) => s.bps).reverse(),
    paper: paper && { dailyReturns: paper.dailyReturns, sharpe: paper.m.sharpe, expectancy: paper.m.expectancy }, expectancy: perf.m.expectancy,
    restarts: Math.max(0, workers.length - 1), heartbeatGaps: crashed, systemErrors,
    days: perf.span ? Math.floor((perf.span.to - perf.span.from) / DAY_MS) : 0,
    regimes: [...byRegime].map(([regime, ts]) => ({ regime, trades: ts.length, expectancy: expectancy(ts) })),
    riskEvents,
  };
}
