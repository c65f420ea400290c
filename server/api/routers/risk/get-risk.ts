import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { riskConfigFromRow } from '@/adapters/repo/risk-inputs';
import { HARD_LIMITS } from '@/domain/risk/limits';
import { resolveLimits } from '@/domain/risk/risk-config';
import { AppError } from '@/server/errors';
import { lossFraction } from '@/domain/risk/loss-fraction';

const limitsShape = z.object({
  riskPerTradeFraction: z.number(), maxAssetExposureFraction: z.number(), maxTotalExposureFraction: z.number(), maxLeverage: z.number(),
  dailyLossFraction: z.number(), drawdownReduceFraction: z.number(), drawdownPauseFraction: z.number(), drawdownLockFraction: z.number(), minRewardRisk: z.number(),
});

/** Limits (hard, configured, in force) and the live risk state of one account. */
export const getRisk = procedure
  .input(z.object({ accountId: z.uuid().optional() }).optional())
  .output(z.object({
    accountId: z.string(),
    hard: limitsShape.extend({ riskPerTradeAbsoluteMax: z.number() }),
    configured: z.record(z.string(), z.union([z.number(), z.string()]).optional()),
    effective: limitsShape,
    dayTimeZone: z.string(),
    state: z.object({
      tradingState: z.enum(['ACTIVE', 'REDUCED', 'PAUSED', 'HALTED', 'LOCKED']), stateReason: z.string().nullable(), stateChangedAt: z.date(),
      stateChangedBy: z.string().nullable(), equity: z.number(), peakEquity: z.number(), dayStartEquity: z.number(), drawdown: z.number(), dayLoss: z.number(),
      isSafeMode: z.boolean(),
    }),
  }))
  .query(async ({ ctx, input }) => {
    const account = await ctx.db.tradingAccount.findFirst({
      where: input?.accountId ? { id: input.accountId } : {}, orderBy: { createdAt: 'asc' }, include: { riskConfig: true, riskState: true },
    });
    if (!account?.riskState) throw new AppError('NOT_FOUND', 'no trading account yet');
    const configured = riskConfigFromRow(account.riskConfig);
    const rs = account.riskState;
    const equity = rs.equity.toNumber();
    const peak = rs.peakEquity.toNumber();
    const dayStart = rs.dayStartEquity.toNumber();
    return {
      accountId: account.id,
      hard: { ...HARD_LIMITS },
      configured: Object.fromEntries(Object.entries(configured).filter(([, v]) => v !== undefined)),
      effective: resolveLimits(configured),
      dayTimeZone: configured.dayTimeZone ?? 'UTC',
      state: {
        tradingState: rs.tradingState, stateReason: rs.stateReason, stateChangedAt: rs.stateChangedAt, stateChangedBy: rs.stateChangedBy,
        equity, peakEquity: peak, dayStartEquity: dayStart, isSafeMode: rs.isSafeMode,
        drawdown: lossFraction(peak, equity), dayLoss: lossFraction(dayStart, equity),
      },
    };
  });
