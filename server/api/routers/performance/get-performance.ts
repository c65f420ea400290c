import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { resolveAccount } from '@/server/services/accounts';
import { performanceReport } from '@/server/services/performance/performance-report';

const DAY_MS = 86_400_000;
export const PERIODS = { '7d': 7, '30d': 30, '90d': 90, '365d': 365, all: null } as const;
/** a period's equity series is read whole for the metrics (one year of 5m snapshots is 105k rows); past this it is cut */
const MAX_SNAPSHOTS = 250_000;

export const getPerformance = procedure
  .input(z.object({
    accountId: z.uuid('accountId: must be a trading account id').optional(),
    period: z.enum(Object.keys(PERIODS) as [keyof typeof PERIODS, ...(keyof typeof PERIODS)[]], 'period: one of 7d, 30d, 90d, 365d, all').default('30d'),
  }).optional())
  .output(z.object({
    period: z.string(), from: z.date().nullable(), to: z.date().nullable(), quoteCurrency: z.string(), isTruncated: z.boolean(),
    metrics: z.object({
      trades: z.number(), sharpe: z.number(), sortino: z.number(), maxDrawdown: z.number(), winRate: z.number(), avgR: z.number(), profitFactor: z.number().nullable(),
      expectancy: z.number(), totalReturn: z.number(), totalFees: z.number(), dailyReturns: z.number(),
    }),
    curve: z.array(z.object({ t: z.number(), equity: z.number(), drawdown: z.number() })),
    daily: z.array(z.object({ day: z.number(), pnl: z.number() })),
    byStrategy: z.array(z.object({ strategy: z.string(), trades: z.number(), winRate: z.number(), avgR: z.number(), expectancy: z.number(), profitFactor: z.number().nullable(), pnl: z.number() })),
  }))
  .query(async ({ ctx, input }) => {
    const period = input?.period ?? '30d';
    const days = PERIODS[period];
    return ctx.db.$transaction(async (tx) => {
      const account = await resolveAccount(tx, input?.accountId);
      const accountId = account.id;
      // the period ends at the latest snapshot: the candle clock in paper replay, wall time live
      const last = await tx.equitySnapshot.findFirst({ where: { accountId }, orderBy: { at: 'desc' }, select: { at: true } });
      const empty = { period, from: null, to: null, quoteCurrency: account.quoteCurrency, isTruncated: false, ...performanceReport([], []) };
      if (!last) return empty;
      const to = last.at;
      const from = days === null ? new Date(0) : new Date(to.getTime() - days * DAY_MS);
      // the last snapshot before the period anchors its first return
      const anchor = days === null ? null : await tx.equitySnapshot.findFirst({ where: { accountId, at: { lt: from } }, orderBy: { at: 'desc' }, select: { at: true, equity: true, drawdownFraction: true } });
      const rows = await tx.equitySnapshot.findMany({
        where: { accountId, at: { gte: from, lte: to } }, orderBy: { at: 'desc' }, take: MAX_SNAPSHOTS, select: { at: true, equity: true, drawdownFraction: true },
      });
      rows.reverse();
      if (anchor) rows.unshift(anchor);
      const positions = await tx.position.findMany({
        where: { accountId, status: 'CLOSED', closedAt: { gte: from, lte: to } }, orderBy: { closedAt: 'asc' },
        select: { strategy: true, realizedPnl: true, rMultiple: true, fees: true, openedAt: true, closedAt: true },
      });
      const snapshots = rows.map((r) => ({ t: r.at.getTime(), equity: r.equity.toNumber(), drawdown: r.drawdownFraction.toNumber() }));
      const trades = positions.map((p) => ({ strategy: p.strategy, pnl: p.realizedPnl?.toNumber() ?? 0, rMultiple: p.rMultiple?.toNumber() ?? 0, fees: p.fees.toNumber(),
        entryTime: p.openedAt.getTime(), exitTime: p.closedAt!.getTime() }));
      return { period, from: rows[0]?.at ?? from, to, quoteCurrency: account.quoteCurrency, isTruncated: rows.length >= MAX_SNAPSHOTS, ...performanceReport(snapshots, trades) };
    }, { isolationLevel: 'RepeatableRead' });
  });
