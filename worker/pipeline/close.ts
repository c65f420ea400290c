import type { Tx } from '@/adapters/db/client';
import type { ExitReason } from '@/generated/prisma/enums';

/**
 * CLOSE: mark open positions for exit with a reason and journal it. The position
 * moves OPEN → CLOSING at once, so no other stage adds to it or moves its stop; the
 * broker's exit order and fill (EXECUTE, issue 5) complete it to CLOSED. Its stop
 * stays in place until the exit fills.
 */
export async function requestCloseAll(tx: Tx, accountId: string, reason: ExitReason, at: Date, note: string) {
  const open = await tx.position.findMany({ where: { accountId, status: 'OPEN' }, select: { id: true, symbol: true, quantity: true } });
  for (const p of open) {
    await tx.position.updateMany({ where: { id: p.id, status: 'OPEN' }, data: { status: 'CLOSING', exitReason: reason } });
    await tx.journalEntry.create({
      data: { accountId, at, kind: 'EXIT', symbol: p.symbol, message: `close requested: ${note}`, details: { positionId: p.id, reason, quantity: p.quantity.toString() } },
    });
  }
  return open.map((p) => p.id);
}
