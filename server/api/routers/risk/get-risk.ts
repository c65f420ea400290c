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
    /** the trading state's changes, newest first (halts, pauses, locks, resets, recoveries), from the audit log */
    history: z.array(z.object({ at: z.date(), event: z.string(), from: z.string().nullable(), to: z.string().nullable(), by: z.string(), reason: z.string().nullable() })),
    /** risk-rule violations MONITOR recorded after the fact, newest first (the automatic rollback fires on any, from the second stage) */
    violations: z.array(z.object({ at: z.date(), rule: z.string(), subject: z.string(), message: z.string() })),
    /** a lock reset the worker has not applied yet */
    pendingReset: z.object({ requestedAt: z.date(), by: z.string().nullable() }).nullable(),
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
    const events = await ctx.db.auditLog.findMany({ where: { accountId: account.id, action: { startsWith: 'risk.state.' } }, orderBy: { seq: 'desc' }, take: 25,
      select: { at: true, action: true, actorLabel: true, details: true } });
    const pending = await ctx.db.controlCommand.findFirst({ where: { accountId: account.id, type: 'RESET_LOCK', status: 'PENDING' }, orderBy: { requestedAt: 'asc' },
      include: { requestedBy: { select: { email: true } } } });
    const violations = await ctx.db.riskViolation.findMany({ where: { accountId: account.id }, orderBy: { observedAt: 'desc' }, take: 25 });
    const detail = (d: unknown, k: string) => (d && typeof d === 'object' && typeof (d as Record<string, unknown>)[k] === 'string' ? (d as Record<string, string>)[k]! : null);
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
      history: events.map((e) => ({ at: e.at, event: e.action.replace('risk.state.', ''), from: detail(e.details, 'from'), to: detail(e.details, 'to'), by: e.actorLabel, reason: detail(e.details, 'reason') })),
      violations: violations.map((v) => ({ at: v.observedAt, rule: v.rule, subject: detail(v.evidence, 'subject') ?? '', message: v.message })),
      pendingReset: pending && { requestedAt: pending.requestedAt, by: pending.requestedBy?.email ?? null },
    };
  });
