import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { complianceSchema, parseReport, performanceSchema } from '@/server/services/reports/report-schema';

/** One daily report in full: the performance summary and the compliance report. */
export const getReport = procedure
  .input(z.object({ id: z.uuid('id: must be a daily report id') }))
  .output(z.object({
    id: z.string(), accountId: z.string(), accountName: z.string(), day: z.string(), timeZone: z.string(),
    periodStart: z.date(), periodEnd: z.date(), generatedAt: z.date(), performance: performanceSchema, compliance: complianceSchema,
  }))
  .query(async ({ ctx, input }) => {
    const r = await ctx.db.dailyReport.findUnique({ where: { id: input.id }, include: { account: { select: { name: true } } } });
    if (!r) throw new AppError('NOT_FOUND', `no daily report ${input.id}`);
    return {
      id: r.id, accountId: r.accountId, accountName: r.account.name, day: r.day, timeZone: r.timeZone,
      periodStart: r.periodStart, periodEnd: r.periodEnd, generatedAt: r.generatedAt, ...parseReport(r),
    };
  });
