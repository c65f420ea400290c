import type { Db } from '@/adapters/db/client';
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
    const account = await tx.tradingAccount.create({
      data: { name: 'Paper account', kind: 'PAPER', exchange: 'binance', isSandbox: true, accountEquity: DEFAULT_PAPER_EQUITY },
    });
    const stages = [];
    for (const s of DEFAULT_STAGES) {
      stages.push(await tx.stage.create({
        data: { accountId: account.id, ordinal: s.ordinal, name: s.name, mode: s.mode, allocationFraction: s.allocationFraction, criteria: s.criteria },
      }));
    }
    const first = stages[0]!;
    const allocation = effectiveAllocation(Number(first.allocationFraction), opts.capitalAllocationCap);
    const capital = (Number(DEFAULT_PAPER_EQUITY) * allocation).toFixed(2);
    await tx.tradingAccount.update({ where: { id: account.id }, data: { currentStageId: first.id } });
    await tx.riskState.create({
      data: { accountId: account.id, stageCapital: capital, equity: capital, peakEquity: capital, dayStartEquity: capital, dayStartedAt: startOfUtcDay(opts.now) },
    });
    await tx.stageTransition.create({
      data: { accountId: account.id, kind: 'INITIAL', toStageId: first.id, reason: 'account created', evidence: { allocation, capital }, rebasedEquity: capital },
    });
    await appendAudit(tx, {
      actorLabel: 'system', action: 'account.created', accountId: account.id, targetType: 'TradingAccount', targetId: account.id,
      details: { name: account.name, kind: account.kind, stage: first.name, allocation, capital },
    }, opts.now);
    return { account, isCreated: true };
  });
}

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
