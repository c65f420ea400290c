import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, firstOfNextMonth, isoWeekLabel, isoWeekday, zonedInstant } from '@/domain/ops/zoned-time';
import { tradingDayKey } from '@/domain/risk/trading-day';

const iso = (d: Date) => d.toISOString();

describe('calendar days', () => {
  it('adds days across month and year ends and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(firstOfNextMonth('2026-12-15')).toBe('2027-01-01');
    expect(firstOfNextMonth('2028-02-29')).toBe('2028-03-01');
  });

  it('ISO weekdays and week labels (the week-year is its Thursday\'s year)', () => {
    expect(isoWeekday('2026-03-23')).toBe(1);
    expect(isoWeekday('2026-03-29')).toBe(7);
    expect(isoWeekLabel('2026-03-23')).toBe('2026-W13');
    expect(isoWeekLabel('2026-12-28')).toBe('2026-W53');
    expect(isoWeekLabel('2027-01-03')).toBe('2026-W53');
    expect(isoWeekLabel('2024-12-30')).toBe('2025-W01');
  });

  it('refuses a malformed day', () => {
    expect(() => addDays('2026-3-1', 1)).toThrow(/not a YYYY-MM-DD day/);
  });
});

describe('zonedInstant', () => {
  it('UTC is the day and hour as written', () => {
    expect(iso(zonedInstant('2026-11-25', 8, 'UTC'))).toBe('2026-11-25T08:00:00.000Z');
  });

  it('Europe/Zurich: winter +1 h, summer +2 h', () => {
    expect(iso(zonedInstant('2026-01-15', 0, 'Europe/Zurich'))).toBe('2026-01-14T23:00:00.000Z');
    expect(iso(zonedInstant('2026-07-15', 8, 'Europe/Zurich'))).toBe('2026-07-15T06:00:00.000Z');
  });

  it('spring forward (29 March 2026): 02:00 does not exist, the first instant after it is 03:00 CEST', () => {
    expect(iso(zonedInstant('2026-03-29', 0, 'Europe/Zurich'))).toBe('2026-03-28T23:00:00.000Z');
    expect(iso(zonedInstant('2026-03-29', 2, 'Europe/Zurich'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedInstant('2026-03-29', 3, 'Europe/Zurich'))).toBe('2026-03-29T01:00:00.000Z');
    expect(iso(zonedInstant('2026-03-29', 8, 'Europe/Zurich'))).toBe('2026-03-29T06:00:00.000Z');
  });

  it('fall back (25 October 2026): 02:00 happens twice, the first is taken', () => {
    expect(iso(zonedInstant('2026-10-25', 2, 'Europe/Zurich'))).toBe('2026-10-25T00:00:00.000Z');
    expect(iso(zonedInstant('2026-10-25', 3, 'Europe/Zurich'))).toBe('2026-10-25T02:00:00.000Z');
    expect(iso(zonedInstant('2026-10-26', 0, 'Europe/Zurich'))).toBe('2026-10-25T23:00:00.000Z');
  });

  it('a zone whose midnight is skipped (America/Santiago, 6 September 2026) starts the day at 01:00', () => {
    const start = zonedInstant('2026-09-06', 0, 'America/Santiago');
    expect(tradingDayKey(start, 'America/Santiago')).toBe('2026-09-06');
    expect(tradingDayKey(new Date(start.getTime() - 1), 'America/Santiago')).toBe('2026-09-05');
  });

  it('for any day and zone, midnight is where tradingDayKey changes day', () => {
    const zones = ['UTC', 'Europe/Zurich', 'America/New_York', 'Asia/Tokyo', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
    fc.assert(fc.property(fc.integer({ min: 0, max: 3650 }), fc.constantFrom(...zones), (n, tz) => {
      const day = addDays('2020-01-01', n);
      const start = zonedInstant(day, 0, tz);
      expect(tradingDayKey(start, tz)).toBe(day);
      expect(tradingDayKey(new Date(start.getTime() - 1), tz)).toBe(addDays(day, -1));
    }), { numRuns: 500 });
  });
});
