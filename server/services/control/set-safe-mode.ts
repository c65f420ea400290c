import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { CONTROL_CHANNEL } from '@/adapters/db/channels';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';
import type { SafeModePayload } from '@/domain/control/command-payloads';

export const setSafeModeInput = z.object({
  accountId: z.uuid('must be a trading account id'),
  isOn: z.boolean(),
  /** close every open position through CLOSE as well (only with isOn) */
  isCloseAll: z.boolean().default(false),
  reason: z.string().trim().max(500).optional(),
}).refine((v) => v.isOn || !v.isCloseAll, { path: ['isCloseAll'], message: 'can only be set when turning safe mode on' });
export type SetSafeModeInput = z.infer<typeof setSafeModeInput>;


/**
 * Ask the worker to set safe mode: one transaction writes the command row, the desired
 * state and the audit row, and NOTIFYs (delivered at commit, so the worker never sees a
 * command that is not there). The worker applies it and acknowledges on the row.
 */
export async function setSafeMode(db: Db, actor: Actor, input: SetSafeModeInput, now: Date) {
  return db.$transaction(async (tx) => {
    const state = await tx.riskState.findUnique({ where: { accountId: input.accountId } });
    if (!state) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    const payload: SafeModePayload = { isOn: input.isOn, isCloseAll: input.isCloseAll, reason: input.reason ?? null };
    const command = await tx.controlCommand.create({
      data: { accountId: input.accountId, type: 'SET_SAFE_MODE', payload, requestedById: actor.id, requestedAt: now },
    });
    await tx.riskState.update({ where: { accountId: input.accountId }, data: { desiredSafeMode: input.isOn } });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'control.safe-mode.requested', accountId: input.accountId,
      targetType: 'ControlCommand', targetId: command.id, details: payload,
    }, now);
    await tx.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${command.id})`;
    return command;
  });
}
