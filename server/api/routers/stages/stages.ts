import { z } from 'zod';
import { rollbackPayload, rollbackResult } from '@/domain/control/command-payloads';
import { ROLLBACK_TRIGGERS as TRIGGER_ORDER, type RollbackTriggerKey } from '@/domain/rollback/triggers';
import { actorOf, procedure } from '@/server/api/trpc';
import { serverEnv } from '@/server/env';
import { loadStageGate } from '@/server/services/stages/stage-gate';
import { promoteInput, promoteStage, requestRollback, rollbackInput } from '@/server/services/stages/stage-actions';

const criterion = z.object({
  key: z.string(), label: z.string(), status: z.enum(['met', 'not_met', 'insufficient', 'not_verifiable']), value: z.string().nullable(), threshold: z.string(), sample: z.string(),
  source: z.object({ label: z.string(), href: z.string() }),
});
const step = rollbackResult.shape.steps.element.extend({ progress: z.object({ closed: z.number(), total: z.number() }).optional() });

export const getStages = procedure
  .input(z.object({ accountId: z.uuid('accountId: must be a trading account id').optional() }).optional())
  .output(z.object({
    account: z.object({ id: z.string(), name: z.string(), accountEquity: z.number(), quoteCurrency: z.string() }),
    tradingMode: z.string(),
    stages: z.array(z.object({ id: z.string(), ordinal: z.number(), name: z.string(), mode: z.string(), allocationFraction: z.number(), effectiveAllocation: z.number(), capital: z.number(), isCurrent: z.boolean() })),
    current: z.object({ ordinal: z.number(), name: z.string() }),
    next: z.object({ ordinal: z.number(), name: z.string(), mode: z.string() }).nullable(),
    criteria: z.array(criterion),
    gate: z.object({ canPromote: z.boolean(), reasons: z.array(z.string()) }),
    checklist: z.object({ complete: z.number(), required: z.number() }),
    transitions: z.array(z.object({ id: z.string(), kind: z.string(), from: z.string().nullable(), to: z.string(), reason: z.string(), isAutomatic: z.boolean(), actor: z.string().nullable(), at: z.date() })),
    rollback: z.object({
      id: z.string(), status: z.string(), requestedAt: z.date(), appliedAt: z.date().nullable(), requestedBy: z.string().nullable(), reason: z.string().nullable(), error: z.string().nullable(),
      steps: z.array(step),
    }).nullable(),
    /** the automatic rollback triggers' latest evaluation by the worker (none before its first pass) */
    triggers: z.array(z.object({ trigger: z.string(), status: z.enum(['OK', 'NOT_ENOUGH_DATA', 'NOT_APPLICABLE', 'FIRED']), message: z.string(), checkedAt: z.date(), firedAt: z.date().nullable() })),
  }))
  .query(async ({ ctx, input }) => {
    const env = serverEnv();
    return ctx.db.$transaction(async (tx) => {
      const g = await loadStageGate(tx, input?.accountId, env, ctx.now());
      const accountId = g.account.id;
      const transitions = await tx.stageTransition.findMany({ where: { accountId }, orderBy: { createdAt: 'desc' }, take: 20, include: { fromStage: true, toStage: true } });
      const actors = await tx.user.findMany({ where: { id: { in: transitions.map((t) => t.actorId).filter((x): x is string => !!x) } }, select: { id: true, email: true } });
      const cmd = await tx.controlCommand.findFirst({ where: { accountId, type: 'ROLLBACK_STAGE' }, orderBy: { requestedAt: 'desc' }, include: { requestedBy: { select: { email: true } } } });
      let rollback = null;
      if (cmd) {
        const result = rollbackResult.safeParse(cmd.result);
        const steps = [];
        for (const s of result.data?.steps ?? []) {
          if (s.step === 'close_positions' && s.positionIds?.length) {
            // follow the closes the worker started to CLOSED
            const closed = await tx.position.count({ where: { id: { in: s.positionIds }, status: 'CLOSED' } });
            steps.push({ ...s, status: closed === s.positionIds.length ? 'done' as const : 'in_progress' as const, progress: { closed, total: s.positionIds.length } });
          } else steps.push(s);
        }
        rollback = { id: cmd.id, status: cmd.status, requestedAt: cmd.requestedAt, appliedAt: cmd.appliedAt, requestedBy: cmd.requestedBy?.email ?? rollbackPayload.safeParse(cmd.payload).data?.requestedBy ?? null,
          reason: rollbackPayload.safeParse(cmd.payload).data?.reason ?? null, error: cmd.error, steps };
      }
      return {
        account: { id: accountId, name: g.account.name, accountEquity: g.account.accountEquity.toNumber(), quoteCurrency: g.account.quoteCurrency },
        tradingMode: g.tradingMode.toLowerCase(), stages: g.stages,
        current: { ordinal: g.current.ordinal, name: g.current.name }, next: g.next && { ordinal: g.next.ordinal, name: g.next.name, mode: g.next.mode },
        criteria: g.criteria, gate: g.gate, checklist: g.checklistSummary,
        transitions: transitions.map((t) => ({ id: t.id, kind: t.kind, from: t.fromStage?.name ?? null, to: t.toStage.name, reason: t.reason, isAutomatic: t.isAutomatic,
          actor: actors.find((a) => a.id === t.actorId)?.email ?? (t.isAutomatic ? 'system' : null), at: t.createdAt })),
        rollback,
        triggers: (await tx.rollbackTrigger.findMany({ where: { accountId } }))
          .sort((a, b) => TRIGGER_ORDER.indexOf(a.trigger as RollbackTriggerKey) - TRIGGER_ORDER.indexOf(b.trigger as RollbackTriggerKey))
          .map((r) => ({ trigger: r.trigger, status: r.status, message: r.message, checkedAt: r.checkedAt, firedAt: r.firedAt })),
      };
    }, { isolationLevel: 'RepeatableRead', timeout: 20_000 });
  });

export const promote = procedure
  .input(promoteInput)
  .output(z.object({ transitionId: z.string(), isDuplicate: z.boolean() }))
  .mutation(({ ctx, input }) => promoteStage(ctx.db, actorOf(ctx), input, serverEnv(), ctx.now()));

export const rollback = procedure
  .input(rollbackInput)
  .output(z.object({ commandId: z.string(), isDuplicate: z.boolean() }))
  .mutation(({ ctx, input }) => requestRollback(ctx.db, actorOf(ctx), input, ctx.now()));
