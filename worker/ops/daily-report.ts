import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { syncOverdueAlerts } from './overdue-alerts';
import { writeDailyReport, type ReportOutcome, type ReportSchedule } from './write-daily-report';

export interface DailyReportOptions extends ReportSchedule {
  /** the wall clock: the schedule runs on it for every account, paper replays included */
  now: () => Date;
  /** how often the pass runs; a minute keeps the report within a minute of its hour */
  intervalMs?: number;
}

export interface DailyReportPass { reports: { accountId: string; outcome: ReportOutcome }[]; overdueRaised: string[] }

/**
 * One pass: each enabled account's daily report when due (write-daily-report.ts), then the
 * overdue-task alerts. An account that fails is logged and retried next pass; it does not
 * keep the others from their report.
 */
export async function dailyReportPass(db: Db, log: Logger, o: DailyReportOptions): Promise<DailyReportPass> {
  const now = o.now();
  const accounts = await db.tradingAccount.findMany({ where: { isEnabled: true }, orderBy: { createdAt: 'asc' }, select: { id: true, name: true, quoteCurrency: true } });
  const reports: DailyReportPass['reports'] = [];
  for (const a of accounts) {
    try {
      const outcome = await writeDailyReport(db, a, now, o);
      reports.push({ accountId: a.id, outcome });
      if (outcome.status === 'written') log.info({ component: 'ops', accountId: a.id, day: outcome.day, reportId: outcome.reportId }, 'daily report written');
    } catch (e) {
      log.warn({ component: 'ops', accountId: a.id, err: (e as Error).message }, 'daily report failed; will retry');
    }
  }
  const overdueRaised = await syncOverdueAlerts(db, now, o);
  for (const key of overdueRaised) log.warn({ component: 'ops', alert: key }, 'operations task overdue');
  return { reports, overdueRaised };
}

/** The worker's daily report loop: a pass every interval (and one at start), one at a time. */
export function startDailyReports(db: Db, log: Logger, o: DailyReportOptions) {
  let running: Promise<unknown> | undefined;
  let isFailing = false;
  const pass = () => {
    running ??= dailyReportPass(db, log, o)
      .then((r) => { isFailing = false; return r; })
      .catch((e) => {
        if (!isFailing) log.warn({ component: 'ops', err: (e as Error).message }, 'operations pass failed; retrying');
        isFailing = true;
      })
      .finally(() => { running = undefined; });
    return running;
  };
  const timer = setInterval(() => void pass(), o.intervalMs ?? 60_000);
  void pass();
  return {
    pass,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
