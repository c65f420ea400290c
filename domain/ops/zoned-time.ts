/**
 * Calendar days and wall-clock hours in an IANA time zone, for the operations schedule (task
 * periods, the daily summary hour). Days are YYYY-MM-DD keys as tradingDayKey writes them;
 * instants come from Intl's offsets, so daylight-saving days are 23 or 25 hours long.
 */
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function parseDay(day: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) throw new Error(`not a YYYY-MM-DD day: ${day}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** Pure calendar arithmetic: the day `n` days after `day` (negative goes back). */
export function addDays(day: string, n: number): string {
  const [y, m, d] = parseDay(day);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The first day of the month after `day`'s month. */
export function firstOfNextMonth(day: string): string {
  const [y, m] = parseDay(day);
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(day: string): number {
  const [y, m, d] = parseDay(day);
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** ISO 8601 week label of the week holding `day`, e.g. 2026-W13 (the week-year is its Thursday's year). */
export function isoWeekLabel(day: string): string {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const [y, m, d] = parseDay(thursday);
  const dayOfYear = (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / DAY_MS;
  return `${y}-W${String(Math.floor(dayOfYear / 7) + 1).padStart(2, '0')}`;
}

/** `at`'s wall-clock time in `timeZone`, written as if it were UTC (ms), to the minute. */
function wallClockMs(at: number, timeZone: string): number {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    formatters.set(timeZone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(at))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) + (at - Math.floor(at / MINUTE_MS) * MINUTE_MS);
}

const offsetAt = (at: number, timeZone: string) => wallClockMs(at, timeZone) - at;

/**
 * The first instant at which the wall clock in `timeZone` reads `day` `hour`:00. On a
 * fall-back day an hour that happens twice gives its first occurrence; on a spring-forward
 * day an hour that never happens gives the transition (02:00 in Zurich on the last Sunday of
 * March is 03:00 CEST). Offsets are read a day either side: a zone changes offset at most
 * once in two days.
 */
export function zonedInstant(day: string, hour: number, timeZone: string): Date {
  const [y, m, d] = parseDay(day);
  const target = Date.UTC(y, m - 1, d, hour);
  const candidates = [...new Set([offsetAt(target - DAY_MS, timeZone), offsetAt(target + DAY_MS, timeZone)])].map((o) => target - o).sort((a, b) => a - b);
  const exact = candidates.find((c) => wallClockMs(c, timeZone) === target);
  if (exact !== undefined) return new Date(exact);
  // a gap: the wall clock jumps over `target` between the two candidates; find the jump to the minute
  let lo = candidates[0]!;
  let hi = candidates[candidates.length - 1]!;
  while (hi - lo > MINUTE_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE_MS) * MINUTE_MS;
    if (wallClockMs(mid, timeZone) >= target) hi = mid; else lo = mid;
  }
  return new Date(hi);
}
