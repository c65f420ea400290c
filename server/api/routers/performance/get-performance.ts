import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { resolveAccount } from '@/server/services/accounts';
import { loadPerformancePeriod } from '@/server/services/performance/load-period';
import { performanceReport } from '@/server/services/performance/performance-report';

export const PERIODS = { '7d': 7, '30d': 30, '90d': 90, '365d': 365, all: null } as const;

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
    return ctx.db.$transaction(async (tx) => {
      const account = await resolveAccount(tx, input?.accountId);
      const p = await loadPerformancePeriod(tx, account.id, PERIODS[period]);
      if (!p) return { period, from: null, to: null, quoteCurrency: account.quoteCurrency, isTruncated: false, ...performanceReport([], []) };
      return { period, from: p.from, to: p.to, quoteCurrency: account.quoteCurrency, isTruncated: p.isTruncated, ...performanceReport(p.snapshots, p.trades) };
    }, { isolationLevel: 'RepeatableRead' });
  });
