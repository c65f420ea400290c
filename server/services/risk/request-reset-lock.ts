import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { lockAccount } from '@/adapters/repo/risk-state';
import { CONTROL_CHANNEL } from '@/adapters/db/channels';
import type { ResetLockPayload } from '@/domain/control/command-payloads';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

export const resetLockInput = z.object({
  accountId: z.uuid('must be a trading account id'),
  reason: z.string().trim().min(10, 'reason must be at least 10 characters: say what was investigated and fixed').max(1000),
});

/**
 * Ask the worker to reset a LOCKED account (it owns the risk state): command row + audit +
 * NOTIFY. Idempotent: while a reset is pending, another request returns it (a double click
 * resets once, and the worker never sees a second reset fail on an unlocked account).
 */
export async function requestResetLock(db: Db, actor: Actor, input: z.infer<typeof resetLockInput>, now: Date) {
  return db.$transaction(async (tx) => {
    if (!(await lockAccount(tx, input.accountId))) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    const pending = await tx.controlCommand.findFirst({ where: { accountId: input.accountId, type: 'RESET_LOCK', status: 'PENDING' } });
    if (pending) return pending;
    const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId: input.accountId } });
    if (rs.tradingState !== 'LOCKED') throw new AppError('PRECONDITION_FAILED', `the account is ${rs.tradingState}, not LOCKED: nothing to reset`);
    const payload: ResetLockPayload = { reason: input.reason, requestedBy: actor.label };
    const command = await tx.controlCommand.create({ data: { accountId: input.accountId, type: 'RESET_LOCK', payload, requestedById: actor.id, requestedAt: now } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'risk.lock-reset.requested', accountId: input.accountId, targetType: 'ControlCommand', targetId: command.id, details: payload }, now);
    await tx.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${command.id})`;
    return command;
  });
}
