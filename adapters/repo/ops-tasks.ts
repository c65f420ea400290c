import type { DbOrTx, Tx } from '@/adapters/db/client';
import type { Period } from '@/domain/ops/periods';
import type { OpsTaskKey } from '@/domain/ops/tasks';

/**
 * Operations task runs (OpsTaskRun: one per task and period) and the overdue alerts that
 * follow them. Task definitions and their states are domain/ops/tasks.ts.
 */
export const OPS_TASK_OVERDUE = 'OPS_TASK_OVERDUE';

/** One open alert per task and period; a later period of the same task is a new alert. */
export const overdueDedupKey = (taskKey: string, period: Pick<Period, 'start'>) => `ops:${OPS_TASK_OVERDUE}:${taskKey}:${period.start.toISOString()}`;
const overduePrefix = (taskKey: string) => `ops:${OPS_TASK_OVERDUE}:${taskKey}:`;

/** Operations began with the first trading account; none yet: now (nothing can have been missed). */
export async function opsTrackingSince(db: DbOrTx, now: Date): Promise<Date> {
  const first = await db.tradingAccount.findFirst({ orderBy: { createdAt: 'asc' }, select: { createdAt: true } });
  return first?.createdAt ?? now;
}

/** Period starts (ms) with a run, per task, from `since` on. */
export async function runStartsByTask(db: DbOrTx, since: Date): Promise<Map<string, Set<number>>> {
  const runs = await db.opsTaskRun.findMany({ where: { periodStart: { gte: since } }, select: { taskKey: true, periodStart: true } });
  const out = new Map<string, Set<number>>();
  for (const r of runs) {
    let s = out.get(r.taskKey);
    if (!s) out.set(r.taskKey, s = new Set());
    s.add(r.periodStart.getTime());
  }
  return out;
}

/** Resolve the task's open overdue alerts, all periods, or all but `exceptKey`. Returns how many. */
export async function resolveOverdueAlerts(db: DbOrTx, taskKey: string, now: Date, exceptKey?: string): Promise<number> {
  const r = await db.alert.updateMany({
    where: { code: OPS_TASK_OVERDUE, openDedupKey: { startsWith: overduePrefix(taskKey), ...(exceptKey ? { not: exceptKey } : {}) } },
    data: { status: 'RESOLVED', resolvedAt: now, openDedupKey: null },
  });
  return r.count;
}

export interface ReportEvidence {
  reportId: string;
  accountId: string;
  account: string;
  day: string;
  summary: string;
}

/**
 * The system ticks an automatic task for `periodStart`. One run per task and period holds
 * every account's report: a second account's report that period appends to its evidence
 * (one statement, so two workers cannot lose each other's entry).
 */
export async function recordAutomaticReportRun(tx: Tx, taskKey: OpsTaskKey, periodStart: Date, doneAt: Date, report: ReportEvidence) {
  const evidence = JSON.stringify({ reports: [report] });
  await tx.$executeRaw`
    INSERT INTO "OpsTaskRun" (id, "taskKey", "periodStart", "doneAt", "actorLabel", evidence, "isAutomatic")
    VALUES (gen_random_uuid(), ${taskKey}, ${periodStart}, ${doneAt}, 'system', ${evidence}::jsonb, true)
    ON CONFLICT ("taskKey", "periodStart") DO UPDATE SET evidence = jsonb_set(
      "OpsTaskRun".evidence, '{reports}', COALESCE("OpsTaskRun".evidence->'reports', '[]'::jsonb) || (EXCLUDED.evidence->'reports'))`;
}
