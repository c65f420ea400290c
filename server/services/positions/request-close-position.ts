import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { CONTROL_CHANNEL } from '@/adapters/db/channels';
import type { ClosePositionPayload } from '@/domain/control/command-payloads';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

export const closePositionInput = z.object({
  positionId: z.uuid('must be a position id'),
  reason: z.string().trim().max(500, 'reason: at most 500 characters').optional(),
});

/**
 * Ask the worker to close one position at the next price: command row + audit + NOTIFY
 * in one transaction. Idempotent: the position row is locked, and while a close for it
 * is pending (or it is already closing) a second request returns the first command
 * instead of queueing another, so a double click closes once.
 */
export async function requestClosePosition(db: Db, actor: Actor, input: z.infer<typeof closePositionInput>, now: Date) {
  return db.$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Position" WHERE id = ${input.positionId}::uuid FOR UPDATE`;
    if (!locked) throw new AppError('NOT_FOUND', `no position ${input.positionId}`);
    const p = await tx.position.findUniqueOrThrow({ where: { id: input.positionId } });
    const pending = await tx.controlCommand.findFirst({
      where: { accountId: p.accountId, type: 'CLOSE_POSITION', status: 'PENDING', payload: { path: ['positionId'], equals: p.id } },
      orderBy: { requestedAt: 'asc' },
    });
    if (pending) return { command: pending, isDuplicate: true };
    if (p.status === 'CLOSED') throw new AppError('PRECONDITION_FAILED', `the position is already closed (${p.exitReason?.toLowerCase() ?? 'unknown reason'})`);
    if (p.status === 'CLOSING') {
      const last = await tx.controlCommand.findFirst({
        where: { accountId: p.accountId, type: 'CLOSE_POSITION', payload: { path: ['positionId'], equals: p.id } }, orderBy: { requestedAt: 'desc' },
      });
      if (last) return { command: last, isDuplicate: true };
      throw new AppError('PRECONDITION_FAILED', `the position is already closing (${p.exitReason?.toLowerCase() ?? 'exit requested'})`);
    }
    const payload: ClosePositionPayload = { positionId: p.id, reason: input.reason || null, requestedBy: actor.label };
    const command = await tx.controlCommand.create({ data: { accountId: p.accountId, type: 'CLOSE_POSITION', payload, requestedById: actor.id, requestedAt: now } });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'position.close.requested', accountId: p.accountId,
      targetType: 'Position', targetId: p.id, details: { ...payload, commandId: command.id, symbol: p.symbol, quantity: p.quantity.toString() },
    }, now);
    await tx.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${command.id})`;
    return { command, isDuplicate: false };
  });
}
