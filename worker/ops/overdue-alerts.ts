import type { Db } from '@/adapters/db/client';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { OPS_TASK_OVERDUE, opsTrackingSince, overdueDedupKey, resolveOverdueAlerts, runStartsByTask } from '@/adapters/repo/ops-tasks';
import { overdueText } from '@/domain/ops/describe';
import { OPS_TASKS, taskStatus, type OpsSchedule } from '@/domain/ops/tasks';

/** Arbitrary, unique to the overdue pass: two workers raise each alert once. */
const OVERDUE_LOCK = 7_261_011;
/** Far enough back to hold every task's previous period (a month and a bit). */
const LOOKBACK_MS = 70 * 86_400_000;

/**
 * One WARNING OPS_TASK_OVERDUE per overdue task and period. Raised once: an operator who
 * acknowledges it is not asked again for the same period (the next period is a new alert).
 * Resolved when the task is done; an alert of an earlier period of the same task is resolved
 * when the next one opens, so a task has at most one open. Returns the keys raised.
 */
export async function syncOverdueAlerts(db: Db, now: Date, s: Omit<OpsSchedule, 'trackingSince'>): Promise<string[]> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OVERDUE_LOCK}::int)`;
    const schedule: OpsSchedule = { ...s, trackingSince: await opsTrackingSince(tx, now) };
    const starts = await runStartsByTask(tx, new Date(now.getTime() - LOOKBACK_MS));
    const raised: string[] = [];
    for (const task of OPS_TASKS) {
      const st = taskStatus(task, now, starts.get(task.key) ?? new Set(), schedule);
      const dedupKey = overdueDedupKey(task.key, st.period);
      await resolveOverdueAlerts(tx, task.key, now, dedupKey);
      if (st.state !== 'overdue') {
        await resolveAlert(tx, dedupKey, now);
        continue;
      }
      if (await tx.alert.findFirst({ where: { dedupKey }, select: { id: true } })) continue;
      await raiseAlert(tx, { severity: 'WARNING', code: OPS_TASK_OVERDUE, dedupKey,
        message: `Operations task overdue: ${task.title} (${task.cadence}) — ${overdueText(st, s.timeZone)}`,
        evidence: { taskKey: task.key, period: st.period.label, periodStart: st.period.start.toISOString(), dueAt: st.dueAt.toISOString(), reason: st.overdueReason, timeZone: s.timeZone } }, now);
      raised.push(dedupKey);
    }
    return raised;
  }, { timeout: 30_000, maxWait: 10_000 });
}
