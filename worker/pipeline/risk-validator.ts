import type { Db } from '@/adapters/db/client';
import { loadRiskInputs } from '@/adapters/repo/risk-inputs';
import { journalDecision } from '@/adapters/repo/journal';
import { validateIntent } from '@/domain/risk/validate-intent';
import { clientOrderIdFor } from '@/domain/orders/client-order-id';
import type { MarketRules, OrderIntent, RiskDecision } from '@/domain/risk/types';

export interface GateResult {
  decision: RiskDecision;
  journalId: bigint;
  /** the order row written for EXECUTE (PENDING_SUBMIT), or null: a rejected intent never reaches a broker */
  orderId: string | null;
}

/**
 * RISK VALIDATOR stage: the only way to an order. One transaction: lock the account's
 * risk state, read what the rules need, decide, journal the decision, and, when it is
 * approved, write the order (PENDING_SUBMIT, client order id derived from the decision)
 * that EXECUTE will send. No network call happens inside.
 */
export async function validateAndRecord(db: Db, p: {
  accountId: string; intent: OrderIntent; market: MarketRules; marks: Readonly<Record<string, number>>; at: Date;
}): Promise<GateResult> {
  return db.$transaction(async (tx) => {
    const inputs = await loadRiskInputs(tx, p.accountId, p.marks);
    const decision = validateIntent({ intent: p.intent, state: inputs.state, market: p.market, limits: inputs.limits });
    const intent = p.intent;
    const position = intent.kind === 'ENTRY' ? undefined : inputs.state.positions.find((x) => x.id === intent.positionId);
    const entry = await journalDecision(tx, { accountId: p.accountId, at: p.at, intent: p.intent, decision, symbol: position?.symbol });
    if (decision.outcome === 'REJECTED') return { decision, journalId: entry.id, orderId: null };

    if (intent.kind === 'STOP_UPDATE') {
      await tx.position.update({ where: { id: intent.positionId }, data: { stopPrice: intent.newStopPrice } });
      return { decision, journalId: entry.id, orderId: null };
    }
    const order = intent.kind === 'ENTRY'
      ? await tx.order.create({
        data: {
          accountId: p.accountId, clientOrderId: clientOrderIdFor(entry.id), symbol: intent.symbol, side: intent.side === 'LONG' ? 'BUY' : 'SELL',
          type: 'LIMIT', purpose: 'ENTRY', quantity: decision.quantity, price: intent.entryPrice, stopPrice: intent.stopPrice, decisionId: entry.id,
        },
      })
      : await tx.order.create({
        data: {
          accountId: p.accountId, clientOrderId: clientOrderIdFor(entry.id), symbol: position!.symbol, side: position!.side === 'LONG' ? 'SELL' : 'BUY',
          type: 'MARKET', purpose: 'EXIT', quantity: decision.quantity, positionId: position!.id, decisionId: entry.id,
        },
      });
    return { decision, journalId: entry.id, orderId: order.id };
  });
}
