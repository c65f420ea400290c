import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { parseReport } from '@/server/services/reports/report-schema';

/**
 * The daily reports, newest written first (optionally one account's), each with the figures
 * the list shows; reports.get gives one in full.
 */
export const listReports = procedure
  .input(z.object({
    accountId: z.uuid('accountId: must be a trading account id').optional(),
    limit: z.number().int().min(1, 'limit: at least 1').max(366, 'limit: at most 366').default(60),
  }).optional())
  .output(z.object({
    accounts: z.array(z.object({ id: z.string(), name: z.string() })),
    reports: z.array(z.object({
      id: z.string(), accountId: z.string(), accountName: z.string(), day: z.string(), timeZone: z.string(), generatedAt: z.date(), quoteCurrency: z.string(),
      pnl: z.number().nullable(), pnlPct: z.number().nullable(), tradesClosed: z.number(), winRate: z.number(),
      rejections: z.number(), shrinks: z.number(), nearMisses: z.number(), violations: z.number(),
    })),
  }))
  .query(async ({ ctx, input }) => {
    const accounts = await ctx.db.tradingAccount.findMany({ orderBy: { createdAt: 'asc' }, select: { id: true, name: true } });
    const rows = await ctx.db.dailyReport.findMany({
      where: input?.accountId ? { accountId: input.accountId } : {}, orderBy: [{ generatedAt: 'desc' }, { day: 'desc' }], take: input?.limit ?? 60,
      include: { account: { select: { name: true } } },
    });
    return {
      accounts,
      reports: rows.map((r) => {
        const { performance: p, compliance: c } = parseReport(r);
        return {
          id: r.id, accountId: r.accountId, accountName: r.account.name, day: r.day, timeZone: r.timeZone, generatedAt: r.generatedAt, quoteCurrency: p.quoteCurrency,
          pnl: p.pnl, pnlPct: p.pnlPct, tradesClosed: p.tradesClosed, winRate: p.winRate,
          rejections: c.rules.reduce((s, x) => s + x.rejections, 0), shrinks: c.rules.reduce((s, x) => s + x.shrinks, 0),
          nearMisses: c.nearMissesTotal, violations: c.violations.total,
        };
      }),
    };
  });
