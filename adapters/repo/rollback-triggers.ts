import { z } from 'zod';
import type { Tx } from '@/adapters/db/client';
import { CONTROL_CHANNEL } from '@/adapters/db/channels';
import { raiseAlert } from '@/adapters/repo/alerts';
import { appendAudit } from '@/adapters/repo/audit-log';
import { lockAccount } from '@/adapters/repo/risk-state';
import { recordViolations } from '@/adapters/repo/risk-violations';
import { stageEvidence, stagePeriod } from '@/adapters/repo/stage-evidence';
import type { RollbackPayload } from '@/domain/control/command-payloads';
import { evaluateRollbackTriggers, type TriggerInput, type TriggerResult } from '@/domain/rollback/triggers';

/** The actor of an automatic rollback, in the audit log, the command and the stage transition. */
export const SYSTEM_ACTOR = 'system (automatic rollback)';
/** how many backtests of the strategy set count towards the historical maximum drawdown */
const BACKTEST_HISTORY = 20;

const backtestMetrics = z.object({ maxDrawdown: z.number().finite().min(0) }).loose();

/** The strategy set a backtest ran ("a,b,c" in BacktestRun.strategy) compared as a set. */
const sameSet = (a: string, b: readonly string[]) => {
  const xs = a.split(',').map((s) => s.trim()).filter(Boolean).sort();
  const ys = [...b].sort();
  return xs.length === ys.length && xs.every((x, k) => x === ys[k]);
};

/** `known`: stages whose evidence the caller already measured (the previous stage), not read twice. */
async function drawdownHistory(tx: Tx, accountId: string, currentOrdinal: number, strategySet: readonly string[],
  known: ReadonlyMap<string, { dailyReturns: number; maxDrawdown: number }>): Promise<TriggerInput['drawdownHistory']> {
  const out: { source: string; maxDrawdown: number }[] = [];
  const runs = await tx.backtestRun.findMany({ where: { status: 'SUCCEEDED' }, orderBy: { finishedAt: 'desc' }, take: 200, select: { id: true, strategy: true, metrics: true, finishedAt: true } });
  for (const r of runs.filter((x) => sameSet(x.strategy, strategySet)).slice(0, BACKTEST_HISTORY)) {
    const m = backtestMetrics.safeParse(r.metrics);
    if (m.success) out.push({ source: `backtest ${r.id.slice(0, 8)} (${r.finishedAt?.toISOString().slice(0, 10) ?? 'unfinished'})`, maxDrawdown: m.data.maxDrawdown });
  }
  const earlier = await tx.stage.findMany({ where: { accountId, ordinal: { lt: currentOrdinal } }, orderBy: { ordinal: 'asc' } });
  for (const s of earlier) {
    const e = known.get(s.id) ?? await stageEvidence(tx, accountId, s.id);
    if (e.dailyReturns > 0) out.push({ source: `stage ${s.name}`, maxDrawdown: e.maxDrawdown });
  }
  return out;
}

export interface TriggerCheck {
  results: TriggerResult[];
  /** the automatic rollback requested by this check, if one fired */
  rollbackCommandId: string | null;
}

/**
 * One MONITOR pass of the automatic rollback for one account, in one transaction under the
 * account's lock: record new risk-rule violations, evaluate the four triggers against the
 * current stage's evidence, store each result (the Stages page shows them), and when any
 * fires — once per stage — request the same rollback the operator's button does (cancel
 * pending orders, close positions, previous stage's allocation), carried out by the worker's
 * command loop, with a critical alert carrying the evidence and an audit row by the system.
 */
export async function checkRollbackTriggers(tx: Tx, accountId: string, now: Date, strategySet: readonly string[]): Promise<TriggerCheck> {
  if (!(await lockAccount(tx, accountId))) return { results: [], rollbackCommandId: null };
  const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: accountId }, include: { currentStage: true } });
  const stage = account.currentStage;
  if (!stage) return { results: [], rollbackCommandId: null };

  const { start } = await stagePeriod(tx, accountId, stage.id);
  const last = await tx.rollbackTrigger.findUnique({ where: { accountId_trigger: { accountId, trigger: 'risk_violation' } } });
  const since = last && last.stageId === stage.id && last.checkedAt > start ? last.checkedAt : start;
  await recordViolations(tx, accountId, since, now);

  const previousStage = await tx.stage.findFirst({ where: { accountId, ordinal: stage.ordinal - 1 } });
  // at the first stage every trigger is NOT_APPLICABLE: skip reading the stage's whole equity history
  const current = previousStage ? await stageEvidence(tx, accountId, stage.id) : { dailyReturns: 0, sharpe: 0, maxDrawdown: 0, slippageBps: [] };
  const previous = previousStage ? await stageEvidence(tx, accountId, previousStage.id) : null;
  const violations = await tx.riskViolation.findMany({ where: { accountId, observedAt: { gte: start } }, orderBy: { observedAt: 'desc' }, take: 5 });
  const violationCount = await tx.riskViolation.count({ where: { accountId, observedAt: { gte: start } } });
  const results = evaluateRollbackTriggers({
    stage: { ordinal: stage.ordinal, name: stage.name }, current,
    previous: previous && previousStage ? { ...previous, name: previousStage.name } : null,
    drawdownHistory: previousStage ? await drawdownHistory(tx, accountId, stage.ordinal, strategySet, new Map(previous ? [[previousStage.id, previous]] : [])) : [],
    violations: violations.map((v) => ({ rule: v.rule, subject: String((v.evidence as { subject?: unknown } | null)?.subject ?? ''), message: v.message, observedAt: v.observedAt })),
    violationCount,
  });

  const stored = await tx.rollbackTrigger.findMany({ where: { accountId } });
  const hasFiredThisStage = stored.some((r) => r.stageId === stage.id && r.firedAt !== null);
  const fired = results.filter((r) => r.status === 'FIRED');
  const isFiringNow = fired.length > 0 && !hasFiredThisStage;
  for (const r of results) {
    const prev = stored.find((x) => x.trigger === r.trigger);
    const firedAt = prev?.stageId === stage.id ? prev.firedAt : null;
    const data = { status: r.status, message: r.message, evidence: r.evidence as object, checkedAt: now, stageId: stage.id,
      firedAt: isFiringNow && r.status === 'FIRED' ? now : firedAt };
    await tx.rollbackTrigger.upsert({ where: { accountId_trigger: { accountId, trigger: r.trigger } }, create: { accountId, trigger: r.trigger, ...data }, update: data });
  }
  if (!isFiringNow) return { results, rollbackCommandId: null };
  return { results, rollbackCommandId: await requestAutomaticRollback(tx, { accountId, accountName: account.name, stage, fired, now }) };
}

async function requestAutomaticRollback(tx: Tx, p: { accountId: string; accountName: string; stage: { id: string; name: string }; fired: TriggerResult[]; now: Date }): Promise<string> {
  const pending = await tx.controlCommand.findFirst({ where: { accountId: p.accountId, type: 'ROLLBACK_STAGE', status: 'PENDING' } });
  const reason = `automatic rollback from ${p.stage.name}: ${p.fired.map((f) => `${f.trigger.replace(/_/g, ' ')} (${f.message})`).join('; ')}`;
  const evidence = { stage: p.stage.name, triggers: p.fired.map((f) => ({ trigger: f.trigger, message: f.message, evidence: f.evidence })) };
  const payload: RollbackPayload = { reason, requestedBy: SYSTEM_ACTOR, fromStageId: p.stage.id, isAutomatic: true };
  // an operator's rollback already waiting does the same: the system adds its evidence, not a second step down
  const command = pending ?? await tx.controlCommand.create({ data: { accountId: p.accountId, type: 'ROLLBACK_STAGE', payload, requestedAt: p.now } });
  await appendAudit(tx, { actorLabel: SYSTEM_ACTOR, action: 'stage.rollback.automatic', accountId: p.accountId, targetType: 'ControlCommand', targetId: command.id,
    details: { ...evidence, joinedPendingCommand: !!pending } }, p.now);
  await raiseAlert(tx, { severity: 'CRITICAL', code: 'AUTO_ROLLBACK', accountId: p.accountId, dedupKey: `${p.accountId}:AUTO_ROLLBACK:${p.stage.id}`,
    message: `${p.accountName}: ${reason}. Pending orders are cancelled, positions closed and the allocation stepped down to the previous stage.`, evidence }, p.now);
  await tx.journalEntry.create({ data: { accountId: p.accountId, at: p.now, kind: 'CONTROL', message: reason, details: { commandId: command.id, ...evidence } as object } });
  await tx.$executeRaw`SELECT pg_notify(${CONTROL_CHANNEL}, ${command.id})`;
  return command.id;
}
