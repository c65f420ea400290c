import type { Tx } from '@/adapters/db/client';

/**
 * Entry orders that may still be cancelled in PostgreSQL alone, by venue:
 *  - paper: any entry not filled yet (PENDING_SUBMIT, SUBMITTED); the paper runner drops
 *    it at its next tick;
 *  - exchange: only one not sent yet (PENDING_SUBMIT). One already sent is the exchange's
 *    to settle (a market order fills or expires at once) and reconciliation records what
 *    it did, so no fill can happen behind a row marked cancelled.
 */
const CANCELLABLE = [
  { venue: 'PAPER' as const, status: { in: ['PENDING_SUBMIT' as const, 'SUBMITTED' as const] } },
  { venue: 'EXCHANGE' as const, status: 'PENDING_SUBMIT' as const },
];

/**
 * Cancel the account's pending entry orders (rollback, emergency stop, cancel-all), each
 * row conditionally (only while still cancellable) with the reason as its last error.
 * Run under the account's RiskState lock. Returns the orders cancelled.
 */
export async function cancelPendingEntries(tx: Tx, accountId: string, note: string) {
  const pending = await tx.order.findMany({ where: { accountId, purpose: 'ENTRY', OR: CANCELLABLE }, select: { id: true, symbol: true, venue: true }, orderBy: { createdAt: 'asc' } });
  const cancelled: typeof pending = [];
  for (const o of pending) {
    const r = await tx.order.updateMany({ where: { id: o.id, OR: CANCELLABLE }, data: { status: 'CANCELED', lastError: note } });
    if (r.count) cancelled.push(o);
  }
  return cancelled;
}

/** "3 pending entry order(s) cancelled: BTC/USDT, ETH/USDT" for a step's detail. */
export function describeCancelled(orders: readonly { symbol: string }[]): string {
  return orders.length ? `${orders.length} pending entry order(s) cancelled: ${orders.map((o) => o.symbol).join(', ')}` : 'no pending entry order';
}
