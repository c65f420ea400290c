import type { Db, Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { CHECKLIST_ITEMS } from '@/domain/stages/checklist-items';
import { DEFAULT_STAGES, effectiveAllocation } from '@/domain/stages/default-stages';

export const DEFAULT_PAPER_EQUITY = '10000';

/**
 * First-run data, idempotent: the checklist definitions and, when no trading account
 * exists, a paper account at stage 1 (Paper, 5%) with its risk state. Runs on every
 * start; a second start changes nothing.
 */
export async function ensureBaseData(db: Db, opts: { now: Date; capitalAllocationCap: number }) {
  for (const [i, [key, category, title, description, isAutomatic]] of CHECKLIST_ITEMS.entries()) {
    await db.checklistItem.upsert({
      where: { key },
      create: { key, category, title, description, isAutomatic, sortOrder: i },
      update: { category, title, description, isAutomatic, sortOrder: i },
    });
  }
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(7261002)`;
    const existing = await tx.tradingAccount.findFirst({ orderBy: { createdAt: 'asc' } });
    if (existing) return { account: existing, isCreated: false };
    const account = await createAccount(tx, { name: 'Paper account', kind: 'PAPER', exchange: 'binance', accountEquity: DEFAULT_PAPER_EQUITY, stageOrdinal: 1,
      capitalAllocationCap: opts.capitalAllocationCap, now: opts.now, reason: 'account created' });
    return { account, isCreated: true };
  });
}

/**
 * A trading account with the mission's stages, at stage `stageOrdinal`, its risk state on
 * that stage's capital, the INITIAL transition and the audit entry. In the caller's
 * transaction.
 */
export async function createAccount(tx: Tx, o: {
  name: string; kind: 'PAPER' | 'EXCHANGE'; exchange: string; accountEquity: string; stageOrdinal: number; capitalAllocationCap: number; now: Date; reason: string;
  apiUrl?: string | null; backupOfId?: string | null; isSandbox?: boolean;
}) {
  const account = await tx.tradingAccount.create({
    data: { name: o.name, kind: o.kind, exchange: o.exchange, isSandbox: o.isSandbox ?? true, accountEquity: o.accountEquity, apiUrl: o.apiUrl ?? null, backupOfId: o.backupOfId ?? null },
  });
  const stages = [];
  for (const s of DEFAULT_STAGES) {
    stages.push(await tx.stage.create({
      data: { accountId: account.id, ordinal: s.ordinal, name: s.name, mode: s.mode, allocationFraction: s.allocationFraction, criteria: s.criteria },
    }));
  }
  const first = stages.find((s) => s.ordinal === o.stageOrdinal) ?? stages[0]!;
  const allocation = effectiveAllocation(Number(first.allocationFraction), o.capitalAllocationCap);
  const capital = (Number(o.accountEquity) * allocation).toFixed(2);
  await tx.tradingAccount.update({ where: { id: account.id }, data: { currentStageId: first.id } });
  await tx.riskState.create({
    data: { accountId: account.id, stageCapital: capital, equity: capital, peakEquity: capital, dayStartEquity: capital, dayStartedAt: startOfUtcDay(o.now) },
  });
  await tx.stageTransition.create({
    data: { accountId: account.id, kind: 'INITIAL', toStageId: first.id, reason: o.reason, evidence: { allocation, capital }, rebasedEquity: capital, createdAt: o.now },
  });
  await appendAudit(tx, {
    actorLabel: 'system', action: 'account.created', accountId: account.id, targetType: 'TradingAccount', targetId: account.id,
    details: { name: account.name, kind: account.kind, stage: first.name, allocation, capital, apiUrl: account.apiUrl, backupOf: account.backupOfId },
  }, o.now);
  return account;
}

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
