import { z } from 'zod';
import type { Db, Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { lockAccount } from '@/adapters/repo/risk-state';
import { CONTROL_CHANNEL } from '@/adapters/db/channels';
import type { EmergencyStopPayload } from '@/domain/control/emergency-payloads';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

export const emergencyStopInput = z.object({
  /** one account; absent: every enabled account */
  accountId: z.uuid('accountId: must be a trading account id').optional(),
  reason: z.string({ error: 'reason: is required' }).trim().min(10, 'reason: at least 10 characters: say what is happening').max(1000, 'reason: at most 1000 characters'),
  isCloseAll: z.boolean().default(false),
});
export type EmergencyStopInput = z.infer<typeof emergencyStopInput>;

export interface EmergencyStopRequest { accountId: string; accountName: string; commandId: string; isDuplicate: boolean }

/**
 * Ask the worker for an emergency stop (safe mode, cancel pending entries, optionally close
 * everything) on every enabled account, or the chosen one. One transaction: per account, in
 * id order (two requests lock accounts in the same order and cannot deadlock), under its
 * RiskState lock: the command row, desired safe mode on, the audit row, NOTIFY (delivered
 * at commit). An account with one still waiting for the worker gets that one back: a
 * double click stops once.
 */
export async function requestEmergencyStop(db: Db, actor: Actor, input: EmergencyStopInput, now: Date): Promise<{ requests: EmergencyStopRequest[] }> {
  return db.$transaction(async (tx) => {
    const accounts = await tx.tradingAccount.findMany({
      where: input.accountId ? { id: input.accountId } : { isEnabled: true, riskState: { isNot: null } }, select: { id: true, name: true }, orderBy: { id: 'asc' },
    });
    if (input.accountId && !accounts.length) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    if (!accounts.length) throw new AppError('PRECONDITION_FAILED', 'there is no enabled trading account to stop');
    const requests: EmergencyStopRequest[] = [];
    for (const a of accounts) requests.push({ accountId: a.id, accountName: a.name, ...(await requestOne(tx, actor, a.id, input, now)) });
    return { requests };
  });
}

async function requestOne(tx: Tx, actor: Actor, accountId: string, input: EmergencyStopInput, now: Date) {
  if (!(await lockAccount(tx, accountId))) throw new AppError('PRECONDITION_FAILED', `account ${accountId} has no risk state yet: start the worker once`);
  const pending = await tx.controlCommand.findFirst({ where: { accountId, type: 'EMERGENCY_STOP', status: 'PENDING' }, orderBy: { requestedAt: 'asc' } });
  if (pending) return { commandId: pending.id, isDuplicate: true };
  const payload: EmergencyStopPayload = { reason: input.reason, requestedBy: actor.label, isCloseAll: input.isCloseAll };
  const command = await tx.controlCommand.create({ data: { accountId, type: 'EMERGENCY_STOP', payload, requestedById: actor.id, requestedAt: now } });
  await tx.riskState.update({ where: { accountId }, data: { desiredSafeMode: true } });
  await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'emergency.stop.requested', accountId,
    targetType: 'ControlCommand', targetId: command.id, details: payload }, now);
  await tx.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${command.id})`;
  return { commandId: command.id, isDuplicate: false };
}
