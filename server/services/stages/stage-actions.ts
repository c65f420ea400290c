import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { lockAccount } from '@/adapters/repo/risk-state';
import { changeStage } from '@/adapters/repo/stages';
import { CONTROL_CHANNEL, EVENTS_CHANNEL } from '@/adapters/db/channels';
import type { ServerEnv } from '@/adapters/config/env';
import type { RollbackPayload } from '@/domain/control/command-payloads';
import { CHECKLIST_ITEMS } from '@/domain/stages/checklist-items';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';
import { loadStageGate, type GateDeps } from './stage-gate';

export const promoteInput = z.object({
  accountId: z.uuid('accountId: must be a trading account id'),
  toOrdinal: z.number().int().min(2, 'toOrdinal: stage 2 or later').max(4, 'toOrdinal: stage 4 at most'),
  note: z.string().trim().min(10, 'note: at least 10 characters: say why the account is ready').max(1000),
});

/**
 * Promote to the next stage, if the gate allows it: under the account's RiskState lock the
 * gate is evaluated again from the rows (what the page showed may be stale), and the stage
 * change, its evidence and the audit row commit together. A repeat of a promotion that
 * already happened (a double click) returns it instead of failing or promoting twice.
 */
export async function promoteStage(db: Db, actor: Actor, input: z.infer<typeof promoteInput>, env: ServerEnv, now: Date, deps: GateDeps = {}) {
  return db.$transaction(async (tx) => {
    if (!(await lockAccount(tx, input.accountId))) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    const g = await loadStageGate(tx, input.accountId, env, now, deps);
    if (g.current.ordinal === input.toOrdinal) {
      const done = await tx.stageTransition.findFirst({ where: { accountId: input.accountId, kind: 'PROMOTION', toStageId: g.current.id }, orderBy: { createdAt: 'desc' } });
      if (done) return { transitionId: done.id, isDuplicate: true };
    }
    if (!g.next || g.next.ordinal !== input.toOrdinal) {
      throw new AppError('PRECONDITION_FAILED', `the account is at stage ${g.current.ordinal} (${g.current.name}): ${g.next ? `the next stage is ${g.next.ordinal} (${g.next.name})` : 'there is no next stage'}`);
    }
    const rollback = await tx.controlCommand.findFirst({ where: { accountId: input.accountId, type: 'ROLLBACK_STAGE', status: 'PENDING' } });
    if (rollback) throw new AppError('PRECONDITION_FAILED', 'a rollback is waiting for the worker: promotion is refused until it is applied');
    if (!g.gate.canPromote) throw new AppError('PRECONDITION_FAILED', `promotion to ${g.next.name} is blocked: ${g.gate.reasons.join('; ')}`);
    const r = await changeStage(tx, {
      accountId: input.accountId, toStageId: g.next.id, kind: 'PROMOTION', reason: input.note,
      evidence: { criteria: g.criteria, checklist: g.checklist.map((i) => ({ key: i.key, check: i.check, tick: i.tick })), gate: g.gate },
      actor: { id: actor.id, label: actor.label, ip: actor.ip }, capitalAllocationCap: env.CAPITAL_ALLOCATION, now,
    });
    await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${`stage:${input.accountId}`})`;
    return { transitionId: r.transition.id, isDuplicate: false };
  });
}

export const rollbackInput = z.object({
  accountId: z.uuid('accountId: must be a trading account id'),
  /** the stage the operator saw as current: a rollback steps down from it once, never twice for one intent */
  fromStageId: z.uuid('fromStageId: must be the id of the stage the page shows as current'),
  reason: z.string().trim().min(10, 'reason: at least 10 characters: say what went wrong').max(1000),
});

/**
 * Ask the worker to roll back: cancel pending orders, close positions, step down to the
 * previous stage's allocation. Always available to operators. While one is pending, a
 * second request returns it (a double click rolls back once).
 */
export async function requestRollback(db: Db, actor: Actor, input: z.infer<typeof rollbackInput>, now: Date) {
  return db.$transaction(async (tx) => {
    if (!(await lockAccount(tx, input.accountId))) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    const pending = await tx.controlCommand.findFirst({ where: { accountId: input.accountId, type: 'ROLLBACK_STAGE', status: 'PENDING' } });
    if (pending) return { commandId: pending.id, isDuplicate: true };
    const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: input.accountId } });
    if (!account.currentStageId) throw new AppError('PRECONDITION_FAILED', 'the account has no current stage');
    if (account.currentStageId !== input.fromStageId) {
      // the page is stale: a rollback from that stage already happened (a second click after the
      // worker applied the first) → the same answer; anything else moved it → say so
      const done = await tx.controlCommand.findFirst({
        where: { accountId: input.accountId, type: 'ROLLBACK_STAGE', payload: { path: ['fromStageId'], equals: input.fromStageId } }, orderBy: { requestedAt: 'desc' },
      });
      if (done) return { commandId: done.id, isDuplicate: true };
      throw new AppError('PRECONDITION_FAILED', 'the account changed stage since this page was loaded: reload it and decide again');
    }
    const payload: RollbackPayload = { reason: input.reason, requestedBy: actor.label, fromStageId: input.fromStageId };
    const command = await tx.controlCommand.create({ data: { accountId: input.accountId, type: 'ROLLBACK_STAGE', payload, requestedById: actor.id, requestedAt: now } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'stage.rollback.requested', accountId: input.accountId,
      targetType: 'ControlCommand', targetId: command.id, details: payload }, now);
    await tx.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${command.id})`;
    return { commandId: command.id, isDuplicate: false };
  });
}

const MANUAL_KEYS = CHECKLIST_ITEMS.filter((i) => !i[4]).map((i) => i[0]) as [string, ...string[]];
export const tickInput = z.object({
  accountId: z.uuid('accountId: must be a trading account id'),
  key: z.enum(MANUAL_KEYS, 'key: not a checklist item a person ticks (automatic items are verified by the system)'),
  isTicked: z.boolean(),
  note: z.string().trim().max(500).optional(),
});

/** Tick or untick a manual checklist item: one live tick per item and account, recorded with who and when; an untick revokes it (kept, audited). Idempotent. */
export async function setChecklistTick(db: Db, actor: Actor, input: z.infer<typeof tickInput>, now: Date) {
  return db.$transaction(async (tx) => {
    if (!(await lockAccount(tx, input.accountId))) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    const live = await tx.checklistTick.findFirst({ where: { accountId: input.accountId, itemKey: input.key, revokedAt: null } });
    if (input.isTicked === !!live) return { changed: false };
    const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: input.accountId } });
    if (input.isTicked) {
      const tick = await tx.checklistTick.create({ data: { accountId: input.accountId, itemKey: input.key, stageId: account.currentStageId, tickedById: actor.id, tickedAt: now,
        evidence: { tickedBy: actor.label }, note: input.note || null } });
      await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'checklist.ticked', accountId: input.accountId, targetType: 'ChecklistTick', targetId: tick.id,
        details: { key: input.key, note: input.note ?? null } }, now);
    } else {
      await tx.checklistTick.update({ where: { id: live!.id }, data: { revokedAt: now, revokedById: actor.id } });
      await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'checklist.unticked', accountId: input.accountId, targetType: 'ChecklistTick', targetId: live!.id,
        details: { key: input.key, note: input.note ?? null } }, now);
    }
    return { changed: true };
  });
}
