import type { Db } from '@/adapters/db/client';
import { createAccount } from './bootstrap';

/**
 * A backup account for `primaryId` on another exchange (mission: "switch to a backup
 * exchange"): its own key, balances, risk state and reconciliation, at the primary's stage
 * and risk configuration. The worker trades it only while the primary's exchange is lost;
 * its positions keep their own resting stops. One backup per primary.
 */
export async function createBackupAccount(db: Db, o: { primaryId: string; name: string; apiUrl: string; accountEquity: string; capitalAllocationCap: number; now: Date }) {
  return db.$transaction(async (tx) => {
    const primary = await tx.tradingAccount.findUnique({ where: { id: o.primaryId }, include: { currentStage: true, riskConfig: true, backup: true } });
    if (!primary) throw new Error(`no trading account ${o.primaryId}`);
    if (primary.backupOfId) throw new Error(`${primary.name} is itself a backup: a backup's backup is not supported`);
    if (primary.backup) throw new Error(`${primary.name} already has a backup: ${primary.backup.name}`);
    const account = await createAccount(tx, {
      name: o.name, kind: 'EXCHANGE', exchange: primary.exchange, accountEquity: o.accountEquity, stageOrdinal: primary.currentStage?.ordinal ?? 1,
      capitalAllocationCap: o.capitalAllocationCap, now: o.now, reason: `backup of ${primary.name}`, apiUrl: o.apiUrl, backupOfId: primary.id, isSandbox: primary.isSandbox,
    });
    if (primary.riskConfig) {
      const { accountId: _a, updatedAt: _u, ...limits } = primary.riskConfig;
      await tx.riskConfig.create({ data: { ...limits, accountId: account.id } });
    }
    return account;
  });
}
