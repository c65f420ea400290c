import { periodAt, previousPeriod, type Cadence, type Period } from './periods';
import { zonedInstant } from './zoned-time';

/**
 * The recurring tasks of the mission's "Maintenance and operations". A person ticks the
 * manual ones with a note; the system ticks the automatic ones when it has done them
 * (daily report: worker/ops/daily-report.ts; weekly backup: the backup code), with evidence.
 */
export const OPS_TASKS = [
  { key: 'daily.performance-review', cadence: 'daily', isAutomatic: false, title: 'Review performance',
    description: "Read yesterday's daily summary (Reports): P&L, win rate, average R, drawdown. Anything unexpected goes in the note." },
  { key: 'daily.log-review', cadence: 'daily', isAutomatic: false, title: 'Check logs',
    description: 'Scan the worker and dashboard logs and the Alerts page for errors, retries and unacknowledged alerts.' },
  { key: 'daily.risk-compliance', cadence: 'daily', isAutomatic: true, title: 'Verify risk compliance',
    description: "The compliance report: every risk rule's rejections, shrinks and near-misses, and any violation (there should be none)." },
  { key: 'daily.market-watch', cadence: 'daily', isAutomatic: false, title: 'Watch market conditions',
    description: 'Volatility, liquidity, exchange notices and news that could call for safe mode or extreme market mode.' },
  { key: 'daily.summary', cadence: 'daily', isAutomatic: true, title: 'Daily summary',
    description: "Each account's performance summary for the previous day, written at the configured hour and sent as an info alert." },
  { key: 'weekly.strategy-review', cadence: 'weekly', isAutomatic: false, title: 'Strategy review',
    description: "The week's trades per strategy, the learned weights, and whether a strategy should be paused." },
  { key: 'weekly.backups', cadence: 'weekly', isAutomatic: true, title: 'Backups',
    description: 'A database backup taken and kept (the scheduled backup, or npm run backup).' },
  { key: 'weekly.risk-review', cadence: 'weekly', isAutomatic: false, title: 'Risk parameter review',
    description: 'The risk limits against the week: rejections, near-misses, drawdown; tighten if needed (limits never loosen past the hard caps).' },
  { key: 'monthly.comprehensive-review', cadence: 'monthly', isAutomatic: false, title: 'Comprehensive review',
    description: 'The month against the stage criteria: Sharpe, drawdown, slippage, violations; decide on promotion or rollback.' },
  { key: 'monthly.security-audit', cadence: 'monthly', isAutomatic: false, title: 'Security audit',
    description: 'Users and roles, exchange key permissions (no withdrawal), npm run audit:verify, dependency advisories.' },
  { key: 'monthly.health-check', cadence: 'monthly', isAutomatic: false, title: 'Health check',
    description: 'Disk space, database size, backup restores, worker restarts and latency metrics.' },
] as const satisfies readonly { key: string; cadence: Cadence; isAutomatic: boolean; title: string; description: string }[];

export type OpsTask = (typeof OPS_TASKS)[number];
export type OpsTaskKey = OpsTask['key'];
export const OPS_TASK_KEYS = OPS_TASKS.map((t) => t.key) as [OpsTaskKey, ...OpsTaskKey[]];
export const MANUAL_OPS_TASK_KEYS = OPS_TASKS.filter((t) => !t.isAutomatic).map((t) => t.key) as [OpsTaskKey, ...OpsTaskKey[]];

export function opsTask(key: string): OpsTask | undefined {
  return OPS_TASKS.find((t) => t.key === key);
}

export interface OpsSchedule {
  timeZone: string;
  /** DAILY_SUMMARY_HOUR: the hour the automatic daily tasks are done at */
  summaryHour: number;
  /**
   * When operations began (the first trading account): a period that started before it
   * cannot be overdue, so a fresh install starts with every task due.
   */
  trackingSince: Date | null;
}

/** Automatic daily tasks are written at the summary hour: an hour later they are late. */
const AUTOMATIC_GRACE_MS = 3_600_000;

/** When the task is due in `period`: the end of the period, or the summary hour + 1 h for automatic daily tasks. */
export function dueAt(task: OpsTask, period: Period, s: OpsSchedule): Date {
  if (task.cadence === 'daily' && task.isAutomatic) return new Date(zonedInstant(period.firstDay, s.summaryHour, s.timeZone).getTime() + AUTOMATIC_GRACE_MS);
  return period.end;
}

export type TaskState = 'done' | 'due' | 'overdue';

export interface TaskStatus {
  task: OpsTask;
  state: TaskState;
  period: Period;
  previous: Period;
  dueAt: Date;
  /** why it is overdue: the previous period has no run, or this one passed its due time */
  overdueReason: 'previous_missed' | 'past_due' | null;
}

/**
 * A task's state at `now`: done when the current period has a run; overdue when the
 * previous period has none or the due time has passed; else due. Periods that began before
 * tracking did are exempt: the period operations began in is at worst due, and it is never
 * the missed previous one. `doneStarts` holds the period starts (ms) that have a run of this task.
 */
export function taskStatus(task: OpsTask, now: Date, doneStarts: ReadonlySet<number>, s: OpsSchedule): TaskStatus {
  const period = periodAt(task.cadence, now, s.timeZone);
  const previous = previousPeriod(period, s.timeZone);
  const due = dueAt(task, period, s);
  const base = { task, period, previous, dueAt: due };
  const isTracked = (p: Period) => s.trackingSince === null || p.start.getTime() >= s.trackingSince.getTime();
  if (doneStarts.has(period.start.getTime())) return { ...base, state: 'done', overdueReason: null };
  if (!isTracked(period)) return { ...base, state: 'due', overdueReason: null };
  if (isTracked(previous) && !doneStarts.has(previous.start.getTime())) return { ...base, state: 'overdue', overdueReason: 'previous_missed' };
  if (now.getTime() >= due.getTime()) return { ...base, state: 'overdue', overdueReason: 'past_due' };
  return { ...base, state: 'due', overdueReason: null };
}
