import type { TaskStatus } from './tasks';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A time as the operations time zone reads it: 2026-03-29 03:00. */
export function fmtZoned(at: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(at).replace(',', '');
}

const NOUN = { daily: 'day', weekly: 'week', monthly: 'month' } as const;

/** Why a task is overdue, in words for the alert and the Operations page; null when it is not. */
export function overdueText(s: TaskStatus, timeZone: string): string | null {
  switch (s.overdueReason) {
    case null: return null;
    case 'previous_missed': return s.task.isAutomatic
      ? `the system recorded no run for the previous ${NOUN[s.task.cadence]} (${s.previous.label}) and none yet for ${s.period.label}`
      : `nobody ticked it for the previous ${NOUN[s.task.cadence]} (${s.previous.label}) and it is not done for ${s.period.label} yet`;
    case 'past_due': return `due ${fmtZoned(s.dueAt, timeZone)} ${timeZone} for ${s.period.label}, not done`;
  }
}
