import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { lockAccount } from '@/adapters/repo/risk-state';
import { CONTROL_CHANNEL } from '@/adapters/db/channels';
import { extremeSizeMultiplier, type ExtremeModePayload } from '@/domain/control/emergency-payloads';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

const accountId = z.uuid('accountId: must be a trading account id');
const reason = z.string({ error: 'reason: is required' }).trim().min(10, 'reason: at least 10 characters: say why').max(1000, 'reason: at most 1000 characters');

export const extremeModeInput = z.object({
  accountId,
  /** the state wanted (never a toggle) */
  isOn: z.boolean({ error: 'isOn: true or false' }),
  reason,
  /** absent: the worker's EXTREME_SIZE_MULTIPLIER */
  sizeMultiplier: extremeSizeMultiplier.optional(),
}).refine((v) => v.isOn || v.sizeMultiplier === undefined, { path: ['sizeMultiplier'], message: 'sizeMultiplier: only when switching extreme mode on' });
export type ExtremeModeInput = z.infer<typeof extremeModeInput>;

/**
 * Ask the worker to switch extreme market mode on or off for one account (it applies it:
 * worker/control/apply-set-extreme-mode.ts). The command, the audit row and the NOTIFY
 * commit together; the same request still waiting for the worker is returned, not repeated.
 */
export async function requestExtremeMode(db: Db, actor: Actor, input: ExtremeModeInput, now: Date) {
  return db.$transaction(async (tx) => {
    if (!(await lockAccount(tx, input.accountId))) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    const pending = await tx.controlCommand.findFirst({ where: { accountId: input.accountId, type: 'SET_EXTREME_MODE', status: 'PENDING', payload: { path: ['on'], equals: input.isOn } } });
    if (pending) return { commandId: pending.id, isDuplicate: true };
    const payload: ExtremeModePayload = { on: input.isOn, reason: input.reason, requestedBy: actor.label, ...(input.sizeMultiplier !== undefined ? { sizeMultiplier: input.sizeMultiplier } : {}) };
    const command = await tx.controlCommand.create({ data: { accountId: input.accountId, type: 'SET_EXTREME_MODE', payload, requestedById: actor.id, requestedAt: now } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'emergency.extreme-mode.requested', accountId: input.accountId,
      targetType: 'ControlCommand', targetId: command.id, details: payload }, now);
    await tx.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${command.id})`;
    return { commandId: command.id, isDuplicate: false };
  });
}
