import { describe, expect, it } from 'vitest';
import { overdueText } from '@/domain/ops/describe';
import { periodAt, previousPeriod } from '@/domain/ops/periods';
import { OPS_TASKS, dueAt, opsTask, taskStatus, type OpsSchedule, type OpsTaskKey } from '@/domain/ops/tasks';

const ZRH = 'Europe/Zurich';
const at = (s: string) => new Date(s);
const iso = (d: Date) => d.toISOString();
const task = (k: OpsTaskKey) => opsTask(k)!;
const schedule = (over: Partial<OpsSchedule> = {}): OpsSchedule => ({ timeZone: ZRH, summaryHour: 8, trackingSince: null, ...over });
/** A fake clock's view: the runs recorded, as their period starts. */
const runs = (...starts: string[]) => new Set(starts.map((s) => Date.parse(s)));

describe('the mission\'s task list', () => {
  it('has the daily, weekly and monthly tasks, the automatic ones marked', () => {
    expect(OPS_TASKS.map((t) => `${t.key}${t.isAutomatic ? ' (auto)' : ''}`)).toEqual([
      'daily.performance-review', 'daily.log-review', 'daily.risk-compliance (auto)', 'daily.market-watch', 'daily.summary (auto)',
      'weekly.strategy-review', 'weekly.backups (auto)', 'weekly.risk-review',
      'monthly.comprehensive-review', 'monthly.security-audit', 'monthly.health-check',
    ]);
    expect(OPS_TASKS.every((t) => t.key.startsWith(`${t.cadence}.`))).toBe(true);
  });
});

describe('periods in the operations time zone', () => {
  it('a day in Zurich is local midnight to midnight', () => {
    const p = periodAt('daily', at('2026-11-25T12:00:00Z'), ZRH);
    expect([iso(p.start), iso(p.end), p.label]).toEqual(['2026-11-24T23:00:00.000Z', '2026-11-25T23:00:00.000Z', '2026-11-25']);
    // 23:30 UTC is already the next day in Zurich
    expect(periodAt('daily', at('2026-11-25T23:30:00Z'), ZRH).label).toBe('2026-11-26');
  });

  it('the spring-forward day lasts 23 hours, the fall-back day 25', () => {
    const spring = periodAt('daily', at('2026-03-29T10:00:00Z'), ZRH);
    expect([iso(spring.start), iso(spring.end)]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    const fall = periodAt('daily', at('2026-10-25T10:00:00Z'), ZRH);
    expect((fall.end.getTime() - fall.start.getTime()) / 3_600_000).toBe(25);
  });

  it('an ISO week runs Monday 00:00 to Monday 00:00 local, 167 hours across spring forward', () => {
    const w = periodAt('weekly', at('2026-03-26T12:00:00Z'), ZRH);
    expect([iso(w.start), iso(w.end), w.label, w.firstDay]).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-W13', '2026-03-23']);
    expect((w.end.getTime() - w.start.getTime()) / 3_600_000).toBe(167);
    // Sunday 23:30 local is still the same week; Monday 00:00 local starts the next one
    expect(periodAt('weekly', at('2026-03-29T21:30:00Z'), ZRH).label).toBe('2026-W13');
    expect(periodAt('weekly', at('2026-03-29T22:00:00Z'), ZRH).label).toBe('2026-W14');
  });

  it('months end on their last day, February and December included', () => {
    const feb = periodAt('monthly', at('2028-02-29T22:59:59Z'), ZRH);
    expect([iso(feb.start), iso(feb.end), feb.label]).toEqual(['2028-01-31T23:00:00.000Z', '2028-02-29T23:00:00.000Z', '2028-02']);
    expect(periodAt('monthly', at('2028-02-29T23:00:00Z'), ZRH).label).toBe('2028-03');
    const dec = periodAt('monthly', at('2026-12-31T22:59:00Z'), ZRH);
    expect([dec.label, iso(dec.end)]).toEqual(['2026-12', '2026-12-31T23:00:00.000Z']);
    expect(previousPeriod(periodAt('monthly', at('2027-01-10T00:00:00Z'), ZRH), ZRH).label).toBe('2026-12');
    // March in Zurich starts at +1 h and ends at +2 h
    const mar = periodAt('monthly', at('2026-03-15T00:00:00Z'), ZRH);
    expect([iso(mar.start), iso(mar.end)]).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
  });
});

describe('due times', () => {
  it('manual daily tasks are due by the end of the day, automatic ones by the summary hour + 1 h', () => {
    const day = periodAt('daily', at('2026-03-29T10:00:00Z'), ZRH);
    expect(iso(dueAt(task('daily.log-review'), day, schedule()))).toBe('2026-03-29T22:00:00.000Z');
    // 08:00 CEST + 1 h on the spring-forward day
    expect(iso(dueAt(task('daily.summary'), day, schedule()))).toBe('2026-03-29T07:00:00.000Z');
    // summary at 02:00, an hour that does not exist that day: 03:00 CEST + 1 h
    expect(iso(dueAt(task('daily.risk-compliance'), day, schedule({ summaryHour: 2 })))).toBe('2026-03-29T02:00:00.000Z');
  });

  it('weekly and monthly tasks are due at the end of their period', () => {
    const s = schedule();
    const now = at('2026-03-26T12:00:00Z');
    expect(iso(dueAt(task('weekly.backups'), periodAt('weekly', now, ZRH), s))).toBe('2026-03-29T22:00:00.000Z');
    expect(iso(dueAt(task('monthly.health-check'), periodAt('monthly', now, ZRH), s))).toBe('2026-03-31T22:00:00.000Z');
  });
});

describe('taskStatus on a fake clock', () => {
  const yesterday = '2026-11-23T23:00:00Z';
  const today = '2026-11-24T23:00:00Z';
  const now = at('2026-11-25T10:00:00Z');

  it('done when the current period has a run', () => {
    expect(taskStatus(task('daily.log-review'), now, runs(today), schedule()).state).toBe('done');
  });

  it('due when yesterday was done and today is not, before its due time', () => {
    const s = taskStatus(task('daily.log-review'), now, runs(yesterday), schedule());
    expect([s.state, s.overdueReason]).toEqual(['due', null]);
    expect(overdueText(s, ZRH)).toBeNull();
  });

  it('overdue when yesterday has no run, even early in the day', () => {
    const s = taskStatus(task('daily.log-review'), at('2026-11-24T23:05:00Z'), runs(), schedule());
    expect([s.state, s.overdueReason, s.previous.label]).toEqual(['overdue', 'previous_missed', '2026-11-24']);
    expect(overdueText(s, ZRH)).toBe('nobody ticked it for the previous day (2026-11-24) and it is not done for 2026-11-25 yet');
  });

  it('the automatic daily summary: due until 09:00 local, overdue after', () => {
    const s = schedule();
    expect(taskStatus(task('daily.summary'), at('2026-11-25T07:59:00Z'), runs(yesterday), s).state).toBe('due');
    const late = taskStatus(task('daily.summary'), at('2026-11-25T08:00:00Z'), runs(yesterday), s);
    expect([late.state, late.overdueReason]).toEqual(['overdue', 'past_due']);
    expect(overdueText(late, ZRH)).toBe('due 2026-11-25 09:00 Europe/Zurich for 2026-11-25, not done');
    expect(taskStatus(task('daily.summary'), at('2026-11-25T08:00:00Z'), runs(yesterday, today), s).state).toBe('done');
  });

  it('a period that began before tracking did is never overdue: a fresh install starts with everything due', () => {
    const s = schedule({ trackingSince: at('2026-11-25T09:00:00Z') });
    expect(taskStatus(task('daily.log-review'), now, runs(), s).state).toBe('due');
    expect(taskStatus(task('monthly.security-audit'), now, runs(), s).state).toBe('due');
    // installed after the summary's due time: nothing to summarise yet, so not late either
    expect(taskStatus(task('daily.summary'), now, runs(), s).state).toBe('due');
    // the 25th began before tracking did, so on the 26th nothing was missed; the 26th counts on the 27th
    expect(taskStatus(task('daily.log-review'), at('2026-11-26T10:00:00Z'), runs(), s).state).toBe('due');
    expect(taskStatus(task('daily.summary'), at('2026-11-26T10:00:00Z'), runs(), s).overdueReason).toBe('past_due');
    expect(taskStatus(task('daily.log-review'), at('2026-11-27T10:00:00Z'), runs(), s).state).toBe('overdue');
  });

  it('weekly backups: the run the backup code records (Monday 00:00 local of the ISO week) makes it done', () => {
    const monday = periodAt('weekly', at('2026-11-25T10:00:00Z'), ZRH).start;
    expect(iso(monday)).toBe('2026-11-22T23:00:00.000Z');
    expect(taskStatus(task('weekly.backups'), now, runs(iso(monday)), schedule()).state).toBe('done');
    const lastWeek = '2026-11-15T23:00:00Z';
    expect(taskStatus(task('weekly.backups'), now, runs(lastWeek), schedule()).state).toBe('due');
    // Monday 00:00 local: a new week with nothing done yet, and last week was done
    expect(taskStatus(task('weekly.backups'), at('2026-11-29T23:00:00Z'), runs(iso(monday)), schedule()).state).toBe('due');
  });

  it('a monthly task done last month is due all this month; at the month end the missed month makes it overdue', () => {
    const oct = '2026-09-30T22:00:00Z'; // 1 October 00:00 CEST
    const s = schedule();
    expect(taskStatus(task('monthly.health-check'), at('2026-11-30T22:59:00Z'), runs(oct), s).state).toBe('due');
    const december = taskStatus(task('monthly.health-check'), at('2026-11-30T23:00:00Z'), runs(oct), s);
    expect([december.state, december.overdueReason, december.period.label, december.previous.label]).toEqual(['overdue', 'previous_missed', '2026-12', '2026-11']);
    // 31 October 23:00 UTC is already 1 November in Zurich: that run is November's
    expect(taskStatus(task('monthly.health-check'), at('2026-11-10T00:00:00Z'), runs('2026-10-31T23:00:00Z'), s).state).toBe('done');
  });

  it('across the fall-back night the day and its previous day line up with the runs recorded', () => {
    const s = schedule();
    const sat = periodAt('daily', at('2026-10-24T12:00:00Z'), ZRH).start;
    const sun = periodAt('daily', at('2026-10-25T12:00:00Z'), ZRH).start;
    expect([iso(sat), iso(sun)]).toEqual(['2026-10-23T22:00:00.000Z', '2026-10-24T22:00:00.000Z']);
    expect(taskStatus(task('daily.market-watch'), at('2026-10-25T23:30:00Z'), runs(iso(sun)), s).state).toBe('due');
  });
});
