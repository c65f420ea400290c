import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { lockAccount } from '@/adapters/repo/risk-state';
import { CONTROL_CHANNEL } from '@/adapters/db/channels';
import type { OperatorRequestPayload } from '@/domain/control/emergency-payloads';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

export const cancelOrdersInput = z.object({
  accountId: z.uuid('accountId: must be a trading account id'),
  reason: z.string({ error: 'reason: is required' }).trim().min(10, 'reason: at least 10 characters: say why').max(1000, 'reason: at most 1000 characters'),
});

/**
 * Ask the worker to cancel one account's pending entry orders (the exchange-issues runbook),
 * without turning safe mode on. A request still waiting for the worker is returned.
 */
export async function requestCancelOrders(db: Db, actor: Actor, input: z.infer<typeof cancelOrdersInput>, now: Date) {
  return db.$transaction(async (tx) => {
    if (!(await lockAccount(tx, input.accountId))) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    const pending = await tx.controlCommand.findFirst({ where: { accountId: input.accountId, type: 'CANCEL_ALL_ORDERS', status: 'PENDING' } });
    if (pending) return { commandId: pending.id, isDuplicate: true };
    const payload: OperatorRequestPayload = { reason: input.reason, requestedBy: actor.label };
    const command = await tx.controlCommand.create({ data: { accountId: input.accountId, type: 'CANCEL_ALL_ORDERS', payload, requestedById: actor.id, requestedAt: now } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'emergency.cancel-orders.requested', accountId: input.accountId,
      targetType: 'ControlCommand', targetId: command.id, details: payload }, now);
    await tx.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${command.id})`;
    return { commandId: command.id, isDuplicate: false };
  });
}
