import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { riskConfigFromRow } from '@/adapters/repo/risk-inputs';
import { riskConfigSchema, type RiskConfig } from '@/domain/risk/risk-config';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

const dec = (v: number | undefined) => (v === undefined ? null : v.toString());

/**
 * Replace an account's risk overrides. The domain schema refuses anything looser than
 * a hard limit (the message names the field, the value and the ceiling) before any
 * write; the change and its before/after are audited in one transaction.
 */
export async function updateRiskConfig(db: Db, actor: Actor, accountId: string, raw: unknown, now: Date) {
  const parsed = riskConfigSchema.safeParse(raw);
  if (!parsed.success) throw new AppError('BAD_REQUEST', parsed.error.issues.map((i) => i.message).join('; '));
  const c: RiskConfig = parsed.data;
  return db.$transaction(async (tx) => {
    const account = await tx.tradingAccount.findUnique({ where: { id: accountId }, include: { riskConfig: true } });
    if (!account) throw new AppError('NOT_FOUND', `no trading account ${accountId}`);
    const before = riskConfigFromRow(account.riskConfig);
    const data = {
      riskPerTradeFraction: dec(c.riskPerTradeFraction), riskPerTradeReason: c.riskPerTradeReason ?? null,
      maxAssetExposureFraction: dec(c.maxAssetExposureFraction), maxTotalExposureFraction: dec(c.maxTotalExposureFraction),
      maxLeverage: dec(c.maxLeverage), dailyLossFraction: dec(c.dailyLossFraction),
      drawdownReduceFraction: dec(c.drawdownReduceFraction), drawdownPauseFraction: dec(c.drawdownPauseFraction),
      drawdownLockFraction: dec(c.drawdownLockFraction), minRewardRisk: dec(c.minRewardRisk), dayTimeZone: c.dayTimeZone ?? 'UTC',
      updatedById: actor.id,
    };
    await tx.riskConfig.upsert({ where: { accountId }, create: { accountId, ...data }, update: data });
    await appendAudit(tx, {
      actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'risk.config.updated', accountId, targetType: 'RiskConfig', targetId: accountId,
      details: { before, after: c },
    }, now);
    return c;
  });
}
