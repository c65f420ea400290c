import type { Tx } from '@/adapters/db/client';
import type { ServerEnv } from '@/adapters/config/env';
import { CHECKLIST_ITEMS } from '@/domain/stages/checklist-items';
import { effectiveAllocation, type StageMode } from '@/domain/stages/default-stages';
import { isItemComplete, promotionGate, stageCriteria, type ChecklistState } from '@/domain/stages/promotion-gate';
import { AppError } from '@/server/errors';
import { runAutoChecks } from '@/server/services/checklist/auto-checks';
import { stageEvidence } from '@/adapters/repo/stage-evidence';

const ROOT = process.cwd();

/**
 * Everything the promotion gate decides on, read in the caller's transaction: the
 * account's stages, the current stage's criteria from measured evidence, the paper
 * stage's criteria (the "paper validation" checklist item), the automatic checks and
 * the live ticks. The Stages page shows it and `promote` re-reads it under a lock, so
 * what an operator saw is what the server checks.
 */
export interface GateDeps {
  /** the automatic checklist checks; live trading adds the exchange ones (the key authenticates, cannot withdraw) */
  autoChecks?: typeof runAutoChecks;
}

export async function loadStageGate(tx: Tx, accountId: string | undefined, env: ServerEnv, now: Date, deps: GateDeps = {}) {
  const account = await tx.tradingAccount.findFirst({
    where: accountId ? { id: accountId } : {}, orderBy: { createdAt: 'asc' },
    include: { stages: { orderBy: { ordinal: 'asc' } }, currentStage: true },
  });
  if (!account) throw new AppError('NOT_FOUND', accountId ? `no trading account ${accountId}` : 'no trading account yet: start the worker once (npm start)');
  const current = account.currentStage ?? account.stages[0];
  if (!current) throw new AppError('PRECONDITION_FAILED', `account ${account.name} has no stages`);
  const next = account.stages.find((s) => s.ordinal === current.ordinal + 1) ?? null;
  const evidence = await stageEvidence(tx, account.id, current.id);
  const criteria = stageCriteria(current.ordinal, evidence);
  const paperStage = account.stages.find((s) => s.ordinal === 1);
  const paperCriteria = current.ordinal === 1 ? criteria : paperStage ? stageCriteria(1, await stageEvidence(tx, account.id, paperStage.id)) : [];
  const checks = await (deps.autoChecks ?? runAutoChecks)({ tx, account, env, paperCriteria, root: ROOT, now });
  const ticks = await tx.checklistTick.findMany({ where: { accountId: account.id, revokedAt: null }, orderBy: { tickedAt: 'desc' }, include: { tickedBy: { select: { email: true } } } });
  const checklist: (ChecklistState & { title: string; category: string; description: string; note: string | null; tickId: string | null })[] = CHECKLIST_ITEMS.map(([key, category, title, description, isAutomatic, requiredFor]) => {
    const tick = ticks.find((t) => t.itemKey === key);
    return {
      key, category, title, description, isAutomatic, requiredFor, check: isAutomatic ? checks[key] : undefined,
      tick: !isAutomatic && tick ? { by: tick.tickedBy?.email ?? 'unknown', at: tick.tickedAt } : null, note: tick?.note ?? null, tickId: tick?.id ?? null,
    };
  });
  const tradingMode = env.TRADING_MODE.toUpperCase() as StageMode;
  // the key's withdrawal permission straight from its row: the gate's own check, whatever the checklist checks say
  const exchangeKey = await tx.exchangeCredential.findFirst({ where: { accountId: account.id, status: 'ACTIVE' }, select: { keyLast4: true, verifiedAt: true, hasWithdrawPermission: true } });
  const gate = promotionGate({
    current: { ordinal: current.ordinal, name: current.name }, next: next && { ordinal: next.ordinal, name: next.name, mode: next.mode as StageMode },
    tradingMode, criteria, checklist, exchangeKey,
  });
  const stages = account.stages.map((s) => {
    const allocation = effectiveAllocation(s.allocationFraction.toNumber(), env.CAPITAL_ALLOCATION);
    return { id: s.id, ordinal: s.ordinal, name: s.name, mode: s.mode, allocationFraction: s.allocationFraction.toNumber(), effectiveAllocation: allocation,
      capital: account.accountEquity.toNumber() * allocation, isCurrent: s.id === current.id };
  });
  const required = next ? checklist.filter((i) => i.requiredFor <= next.ordinal) : [];
  return {
    account, current, next, stages, criteria, evidence, gate, checklist, tradingMode,
    checklistSummary: { complete: required.filter(isItemComplete).length, required: required.length },
  };
}
