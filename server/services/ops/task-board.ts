import type { Tx } from '@/adapters/db/client';
import { opsTrackingSince } from '@/adapters/repo/ops-tasks';
import { overdueText } from '@/domain/ops/describe';
import { periodAt } from '@/domain/ops/periods';
import { OPS_TASKS, taskStatus, type OpsTask } from '@/domain/ops/tasks';
import { evidenceLines, evidenceReportIds } from './evidence';

/** Runs shown per task under "history". */
const HISTORY = 5;

type RunRow = {
  id: string; periodStart: Date; doneAt: Date; actorLabel: string; note: string | null; evidence: unknown; isAutomatic: boolean;
  doneBy: { email: string } | null;
};

function runView(task: OpsTask, r: RunRow, timeZone: string) {
  return {
    id: r.id, periodStart: r.periodStart, periodLabel: periodAt(task.cadence, r.periodStart, timeZone).label, doneAt: r.doneAt,
    actor: r.doneBy?.email ?? r.actorLabel, note: r.note, isAutomatic: r.isAutomatic,
    evidence: evidenceLines(r.evidence), reportIds: evidenceReportIds(r.evidence),
  };
}

/**
 * The Operations page: every task with its state at `now` (domain/ops/tasks.ts), the
 * current period's run and the last few runs, who did them and their note or evidence.
 */
export async function loadTaskBoard(tx: Tx, now: Date, s: { timeZone: string; summaryHour: number }) {
  const trackingSince = await opsTrackingSince(tx, now);
  const tasks = [];
  for (const task of OPS_TASKS) {
    const rows = await tx.opsTaskRun.findMany({ where: { taskKey: task.key }, orderBy: { periodStart: 'desc' }, take: HISTORY + 1,
      select: { id: true, periodStart: true, doneAt: true, actorLabel: true, note: true, evidence: true, isAutomatic: true, doneBy: { select: { email: true } } } });
    const st = taskStatus(task, now, new Set(rows.map((r) => r.periodStart.getTime())), { ...s, trackingSince });
    const current = rows.find((r) => r.periodStart.getTime() === st.period.start.getTime());
    tasks.push({
      key: task.key, cadence: task.cadence, title: task.title, description: task.description, isAutomatic: task.isAutomatic,
      state: st.state, overdueText: overdueText(st, s.timeZone),
      period: { label: st.period.label, start: st.period.start, end: st.period.end }, dueAt: st.dueAt,
      run: current ? runView(task, current, s.timeZone) : null,
      history: rows.filter((r) => r !== current).slice(0, HISTORY).map((r) => runView(task, r, s.timeZone)),
    });
  }
  return { timeZone: s.timeZone, summaryHour: s.summaryHour, now, tasks };
}
