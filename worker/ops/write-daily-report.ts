import type { Db } from '@/adapters/db/client';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { accountClock, loadDayCompliance, loadDayPerformance } from '@/adapters/repo/daily-report';
import { recordAutomaticReportRun } from '@/adapters/repo/ops-tasks';
import { buildCompliance, summaryLine } from '@/domain/ops/compliance-report';
import { buildPerformance } from '@/domain/ops/daily-summary';
import { periodAt } from '@/domain/ops/periods';
import { addDays, zonedInstant } from '@/domain/ops/zoned-time';
import { tradingDayKey } from '@/domain/risk/trading-day';
import { RULE_IDS } from '@/domain/risk/types';

/** Arbitrary, unique to the daily report: with the account's hash, one writer per account at a time. */
const DAILY_REPORT_LOCK = 7_261_010;

export interface ReportSchedule { timeZone: string; summaryHour: number }
export type ReportOutcome = { status: 'written'; reportId: string; day: string } | { status: 'exists' | 'no_clock' | 'not_due' };

/** Today's summary time on the wall clock: reports are written from then on. */
export const summarySlot = (now: Date, s: ReportSchedule) => zonedInstant(tradingDayKey(now, s.timeZone), s.summaryHour, s.timeZone);

/**
 * One account's daily summary and compliance report for the last full day of its own clock,
 * once per wall-clock day: in one transaction, under a per-account advisory lock (two
 * workers, or a pass and its retry, cannot both write), skipped when a report for that day
 * exists or one was already written since today's summary time (a paper replay's candle
 * clock moves on many days per wall day: it gets one report a day, of its latest full day).
 * The same transaction raises the INFO alert (resolved at once: a notice, not a condition)
 * and ticks daily.summary and daily.risk-compliance for today.
 */
export async function writeDailyReport(db: Db, account: { id: string; name: string; quoteCurrency: string }, now: Date, s: ReportSchedule): Promise<ReportOutcome> {
  const slot = summarySlot(now, s);
  if (now < slot) return { status: 'not_due' };
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DAILY_REPORT_LOCK}::int, hashtext(${account.id}))`;
    const clock = await accountClock(tx, account.id, now);
    if (!clock) return { status: 'no_clock' } as const;
    const day = addDays(tradingDayKey(clock.at, s.timeZone), -1);
    const existing = await tx.dailyReport.findFirst({ where: { accountId: account.id, OR: [{ day }, { generatedAt: { gte: slot } }] }, select: { id: true } });
    if (existing) return { status: 'exists' } as const;
    const start = zonedInstant(day, 0, s.timeZone);
    const end = zonedInstant(addDays(day, 1), 0, s.timeZone);
    const performance = buildPerformance(await loadDayPerformance(tx, account.id, account.quoteCurrency, start, end));
    const compliance = buildCompliance({ ...(await loadDayCompliance(tx, account.id, start, end)), ruleIds: RULE_IDS });
    const report = await tx.dailyReport.create({ data: {
      accountId: account.id, day, timeZone: s.timeZone, periodStart: start, periodEnd: end, generatedAt: now,
      performance: { ...performance, clock: clock.isCandleClock ? 'candle' : 'wall' }, compliance: compliance as object,
    } });
    const summary = summaryLine({ accountName: account.name, day, ...performance, compliance });
    const dedupKey = `${account.id}:DAILY_SUMMARY:${day}`;
    await raiseAlert(tx, { severity: 'INFO', code: 'DAILY_SUMMARY', accountId: account.id, dedupKey, message: `Daily summary — ${summary}`,
      evidence: { reportId: report.id, day, timeZone: s.timeZone, pnl: performance.pnl, pnlPct: performance.pnlPct, tradesClosed: performance.tradesClosed,
        winRate: performance.winRate, nearMisses: compliance.nearMissesTotal, violations: compliance.violations.total } }, now);
    await resolveAlert(tx, dedupKey, now);
    const today = periodAt('daily', now, s.timeZone).start;
    const evidence = { reportId: report.id, accountId: account.id, account: account.name, day, summary };
    await recordAutomaticReportRun(tx, 'daily.summary', today, now, evidence);
    await recordAutomaticReportRun(tx, 'daily.risk-compliance', today, now, evidence);
    return { status: 'written', reportId: report.id, day } as const;
  }, { timeout: 60_000, maxWait: 10_000 });
}
