import { tradingDayKey } from '../risk/trading-day';
import { addDays, firstOfNextMonth, isoWeekLabel, isoWeekday, zonedInstant } from './zoned-time';

export type Cadence = 'daily' | 'weekly' | 'monthly';
export const CADENCES: readonly Cadence[] = ['daily', 'weekly', 'monthly'];

/**
 * One period of a recurring task in the operations time zone: a calendar day, an ISO week
 * (Monday 00:00 to the next Monday 00:00) or a calendar month, as instants [start, end).
 * `firstDay` is the period's first day (YYYY-MM-DD); `label` is how people name it:
 * 2026-03-29, 2026-W13, 2026-03.
 */
export interface Period {
  cadence: Cadence;
  start: Date;
  end: Date;
  firstDay: string;
  label: string;
}

function bounds(cadence: Cadence, day: string): { first: string; next: string; label: string } {
  switch (cadence) {
    case 'daily': return { first: day, next: addDays(day, 1), label: day };
    case 'weekly': {
      const monday = addDays(day, 1 - isoWeekday(day));
      return { first: monday, next: addDays(monday, 7), label: isoWeekLabel(monday) };
    }
    case 'monthly': {
      const first = `${day.slice(0, 7)}-01`;
      return { first, next: firstOfNextMonth(first), label: day.slice(0, 7) };
    }
  }
}

/** The period of `cadence` that `at` falls in. */
export function periodAt(cadence: Cadence, at: Date, timeZone: string): Period {
  const b = bounds(cadence, tradingDayKey(at, timeZone));
  return { cadence, start: zonedInstant(b.first, 0, timeZone), end: zonedInstant(b.next, 0, timeZone), firstDay: b.first, label: b.label };
}

/** The period just before `p`. */
export function previousPeriod(p: Period, timeZone: string): Period {
  return periodAt(p.cadence, new Date(p.start.getTime() - 1), timeZone);
}
