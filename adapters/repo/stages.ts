import type { Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { riskSnapshotFromRow } from '@/adapters/repo/risk-inputs';
import { persistRiskState } from '@/adapters/repo/risk-state';
import { effectiveAllocation } from '@/domain/stages/default-stages';
import { rebaseOnStageChange } from '@/domain/risk/rebase';

/**
 * Move an account to another stage (a promotion by an operator, a rollback by the worker):
 * the stage pointer, the stage capital (account equity × the stage's allocation, capped by
 * CAPITAL_ALLOCATION), the risk state rebased to it (so a smaller stage does not read as a
 * drawdown), a paper account's simulated cash, the transition with its evidence, and the
 * audit row — in the caller's transaction, with the RiskState row locked by the caller.
 */
export async function changeStage(tx: Tx, p: {
  accountId: string; toStageId: string; kind: 'PROMOTION' | 'ROLLBACK'; reason: string; evidence: object; isAutomatic?: boolean;
  actor: { id: string | null; label: string; ip?: string | null }; capitalAllocationCap: number; now: Date;
}) {
  const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: p.accountId }, include: { currentStage: true } });
  const to = await tx.stage.findFirstOrThrow({ where: { id: p.toStageId, accountId: p.accountId } });
  const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId: p.accountId } });
  const allocation = effectiveAllocation(to.allocationFraction.toNumber(), p.capitalAllocationCap);
  const capital = account.accountEquity.toNumber() * allocation;
  const rebase = rebaseOnStageChange(riskSnapshotFromRow(rs), capital, p.now);
  await persistRiskState(tx, p.accountId, rebase, rebase.events, { id: p.actor.id, label: p.actor.label }, p.now, `stage ${p.kind.toLowerCase()} to ${to.name}`);
  await tx.riskState.update({ where: { accountId: p.accountId }, data: { stageCapital: capital.toFixed(8), realizedPnl: 0, unrealizedPnl: 0 } });
  await tx.tradingAccount.update({ where: { id: p.accountId }, data: { currentStageId: to.id } });
  // a paper account's simulated cash follows the new capital (equity moves by the difference);
  // its running replay notices the change at its next tick and reloads from the rows
  const replay = await tx.paperReplay.findUnique({ where: { accountId: p.accountId }, select: { cash: true } });
  if (replay) {
    const cash = replay.cash.toNumber() + capital - rs.equity.toNumber();
    await tx.paperReplay.update({ where: { accountId: p.accountId }, data: { cash: cash.toFixed(12) } });
  }
  const transition = await tx.stageTransition.create({ data: {
    accountId: p.accountId, kind: p.kind, fromStageId: account.currentStageId, toStageId: to.id, isAutomatic: p.isAutomatic ?? false, reason: p.reason,
    evidence: { ...p.evidence, allocation, capital }, rebasedEquity: capital.toFixed(8), actorId: p.actor.id, createdAt: p.now,
  } });
  await appendAudit(tx, {
    actorId: p.actor.id, actorLabel: p.actor.label, ip: p.actor.ip ?? null, action: `stage.${p.kind === 'PROMOTION' ? 'promoted' : 'rolled-back'}`, accountId: p.accountId,
    targetType: 'StageTransition', targetId: transition.id,
    details: { from: account.currentStage?.name ?? null, to: to.name, allocation, capital, reason: p.reason },
  }, p.now);
  return { transition, capital, allocation, from: account.currentStage, to };
}
