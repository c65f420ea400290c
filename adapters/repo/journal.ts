import type { Tx } from '@/adapters/db/client';
import type { OrderIntent, RiskDecision, RuleCheck } from '@/domain/risk/types';

/** Checks as stored: compact rows, Infinity as null (JSON has no Infinity). */
export function checksToJson(checks: readonly RuleCheck[]) {
  const f = (x: number) => (Number.isFinite(x) ? x : null);
  return checks.map((k) => ({ rule: k.rule, outcome: k.outcome, input: f(k.input), added: f(k.added), threshold: f(k.threshold), maxQty: f(k.maxQty) }));
}

function intentLabel(intent: OrderIntent): { symbol: string | null; strategy: string | null; what: string } {
  switch (intent.kind) {
    case 'ENTRY': return { symbol: intent.symbol, strategy: intent.strategy, what: `${intent.side.toLowerCase()} entry ${intent.quantity} ${intent.symbol}` };
    case 'EXIT': return { symbol: null, strategy: null, what: `exit ${intent.quantity} of position ${intent.positionId}` };
    case 'STOP_UPDATE': return { symbol: null, strategy: null, what: `stop update to ${intent.newStopPrice} on position ${intent.positionId}` };
  }
}

/** A decision as a journal row: the message names the outcome and rule; details keep every rule's numbers. */
export function decisionJournalData(p: { accountId: string; at: Date; intent: OrderIntent; decision: RiskDecision; symbol?: string; extra?: object }) {
  const { decision: d } = p;
  const label = intentLabel(p.intent);
  const message = d.outcome === 'REJECTED' ? `rejected by ${d.rule}: ${label.what}`
    : d.outcome === 'SHRUNK' ? `shrunk by ${d.rule} to ${d.quantity}: ${label.what}` : `approved: ${label.what}`;
  return {
    accountId: p.accountId, at: p.at, kind: 'DECISION' as const, symbol: p.symbol ?? label.symbol, strategy: label.strategy,
    outcome: d.outcome, rule: d.rule, message,
    details: { intent: p.intent as object, quantity: d.quantity, requestedQuantity: d.requestedQuantity, riskFraction: d.riskFraction, checks: checksToJson(d.checks), ...p.extra },
  };
}

/**
 * JOURNAL: every decision, approved, shrunk or rejected, with the rule that decided it
 * and every rule's numbers. Written in the transaction that creates the order (if any),
 * so there is never an order without its decision, nor a decision lost.
 */
export async function journalDecision(tx: Tx, p: { accountId: string; at: Date; intent: OrderIntent; decision: RiskDecision; symbol?: string; extra?: object }) {
  return tx.journalEntry.create({ data: decisionJournalData(p) });
}
