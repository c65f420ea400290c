import { decisionJournalData } from '@/adapters/repo/journal';
import type { JournalRow } from '@/adapters/repo/journal-batch';
import type { Tx } from '@/adapters/db/client';
import { clientOrderIdFor } from '@/domain/orders/client-order-id';
import type { DecisionEvent, EnginePending } from '@/domain/pipeline/engine';
import type { PendingEntryRaw } from '@/worker/paper/load-state';

/** RESEARCH's context as stored with a decision: the stage gate splits trades by this regime. */
export const researchJson = (e: DecisionEvent) => e.research && {
  regime: e.research.regime, volatilityPercentile: e.research.volatilityPercentile, maxCorrelation: e.research.maxCorrelation, correlatedWith: e.research.correlatedWith,
  // the LLM advisory's answer (or why there was none), only when it was asked: the Journal page shows it
  ...(e.research.advisory ? { advisory: e.research.advisory } : {}),
};

/** What a decision's journal entry keeps beside the validator's verdict; `orderId` for one that queued an entry. */
export const decisionExtra = (e: DecisionEvent, orderId?: string) =>
  ({ weight: e.weight, sizeFactor: e.sizeFactor, signal: e.signal, research: researchJson(e), ...(orderId ? { orderId } : {}) });

/** The JOURNAL row of a decision that queued nothing: the validator's rejection, or a skip before it with its reason. */
export function decisionRow(accountId: string, e: DecisionEvent, at: Date): JournalRow {
  const extra = decisionExtra(e);
  return e.decision && e.intent
    ? decisionJournalData({ accountId, at, intent: e.intent, decision: e.decision, extra })
    : { accountId, at, kind: 'DECISION', symbol: e.signal.symbol, strategy: e.signal.strategy, outcome: null, rule: e.skip,
      message: `skipped (${e.skip}): ${e.signal.strategy} entry signal on ${e.signal.symbol} at ${e.signal.price}`, details: extra };
}

/**
 * An approved entry: its decision and its order in one transaction, the order's client id
 * derived from the decision's journal id (a retry or a restart finds it), and the plan the
 * engine needs to rebuild it (stop, target, risk) kept with the order.
 */
export async function writeEntryDecision(tx: Tx, accountId: string, e: DecisionEvent, p: EnginePending, at: Date,
  order: { status: 'PENDING_SUBMIT' | 'SUBMITTED'; quantity: string; submittedAt?: Date; venue: 'PAPER' | 'EXCHANGE'; leaseEpoch?: number }) {
  const raw: PendingEntryRaw = { strategy: p.strategy, stop: p.stop, target: p.target, notional: p.notional, riskAmount: p.riskAmount, equityAtEntry: p.equityAtEntry, decidedAt: p.decidedAt };
  const j = await tx.journalEntry.create({ data: decisionJournalData({ accountId, at, intent: e.intent!, decision: e.decision!, extra: decisionExtra(e, p.id) }) });
  await tx.order.create({ data: {
    id: p.id, accountId, clientOrderId: clientOrderIdFor(j.id), symbol: p.m.s.symbol, side: 'BUY', type: 'MARKET', purpose: 'ENTRY',
    status: order.status, quantity: order.quantity, stopPrice: p.stop.toFixed(12), decisionId: j.id, raw, submittedAt: order.submittedAt ?? null, venue: order.venue, leaseEpoch: order.leaseEpoch ?? null,
  } });
}
