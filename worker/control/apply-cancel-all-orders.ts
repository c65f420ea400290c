import type { Tx } from '@/adapters/db/client';
import { operatorRequestPayload } from '@/domain/control/emergency-payloads';
import { cancelPendingEntries, describeCancelled } from '@/worker/pipeline/cancel-entries';

/**
 * CANCEL_ALL_ORDERS (the mission's "exchange issues: cancel pending orders"): the account's
 * pending entry orders are cancelled by the venue rules of worker/pipeline/cancel-entries.ts.
 * Safe mode is not touched: new entries stay allowed unless it is on.
 */
export async function applyCancelAllOrders(tx: Tx, cmd: { accountId: string; payload: unknown }, at: Date, workerId: string) {
  const payload = operatorRequestPayload.parse(cmd.payload);
  const cancelled = await cancelPendingEntries(tx, cmd.accountId, `cancelled by ${payload.requestedBy}: ${payload.reason}`);
  const detail = describeCancelled(cancelled);
  await tx.journalEntry.create({
    data: { accountId: cmd.accountId, at, kind: 'CONTROL', message: `cancel all orders by ${payload.requestedBy}: ${detail}`,
      details: { ...payload, cancelledOrderIds: cancelled.map((o) => o.id), workerId } },
  });
  return { cancelledOrders: cancelled.length, detail };
}
