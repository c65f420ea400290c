import type { Tx } from '@/adapters/db/client';
import { closePositionPayload } from '@/domain/control/command-payloads';

/**
 * Apply a CLOSE_POSITION command (an operator's "close" on the Positions page): the
 * position moves OPEN → CLOSING with exit reason MANUAL, and the trading loop sends its
 * exit order at the next price (paper: the next candle's open), keeping the stop resting
 * until the exit fills. A position that already left OPEN (its stop or target filled,
 * or another close came first) is left alone and the result says so: applied, no-op.
 */
export async function applyClosePosition(tx: Tx, cmd: { accountId: string; payload: unknown }, at: Date, workerId: string) {
  const payload = closePositionPayload.parse(cmd.payload);
  const p = await tx.position.findFirst({ where: { id: payload.positionId, accountId: cmd.accountId } });
  if (!p) throw new Error(`position ${payload.positionId} does not belong to account ${cmd.accountId}`);
  if (p.status !== 'OPEN') {
    return { positionId: p.id, isClosing: false, note: `position was already ${p.status.toLowerCase()}${p.exitReason ? ` (${p.exitReason.toLowerCase()})` : ''}: nothing to do` };
  }
  // conditional: only an OPEN position moves (the caller holds the account lock; this keeps it true without it)
  const moved = await tx.position.updateMany({ where: { id: p.id, status: 'OPEN' }, data: { status: 'CLOSING', exitReason: 'MANUAL' } });
  if (moved.count === 0) return { positionId: p.id, isClosing: false, note: 'position left OPEN meanwhile: nothing to do' };
  await tx.journalEntry.create({
    data: {
      accountId: cmd.accountId, at, kind: 'EXIT', symbol: p.symbol, strategy: p.strategy,
      message: `close requested by ${payload.requestedBy}${payload.reason ? `: ${payload.reason}` : ''}`,
      details: { positionId: p.id, reason: 'MANUAL', quantity: p.quantity.toString(), requestedBy: payload.requestedBy, note: payload.reason, workerId },
    },
  });
  return { positionId: p.id, isClosing: true, note: 'exit order goes out at the next price' };
}
