import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tradingDayKey } from '@/domain/risk/trading-day';
import { at } from './support';

describe('tradingDayKey', () => {
  it('defaults to UTC and formats YYYY-MM-DD', () => {
    expect(tradingDayKey(at('2024-03-05T23:59:59.999Z'))).toBe('2024-03-05');
    expect(tradingDayKey(at('2024-03-06T00:00:00.000Z'))).toBe('2024-03-06');
    expect(tradingDayKey(at('2024-12-31T23:59:59Z'), 'UTC')).toBe('2024-12-31');
  });

  it('the UTC fast path (epoch day, no Intl) agrees with Intl for any instant 1970–2200', () => {
    const intl = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    fc.assert(fc.property(fc.integer({ min: 0, max: 7_258_118_400_000 }), (ms) => {
      expect(tradingDayKey(new Date(ms), 'UTC')).toBe(intl.format(new Date(ms)));
    }), { numRuns: 2000 });
  });

  it('follows the configured zone: the same instant is a different day in New York and Tokyo', () => {
    const instant = at('2024-03-06T02:00:00Z');
    expect(tradingDayKey(instant, 'UTC')).toBe('2024-03-06');
    expect(tradingDayKey(instant, 'America/New_York')).toBe('2024-03-05');
    expect(tradingDayKey(at('2024-03-05T15:00:00Z'), 'Asia/Tokyo')).toBe('2024-03-06');
  });

  it('America/New_York, spring forward (10 March 2024): the 23-hour day runs 05:00Z to 04:00Z', () => {
    const ny = (iso: string) => tradingDayKey(at(iso), 'America/New_York');
    expect(ny('2024-03-10T04:59:59Z')).toBe('2024-03-09');
    expect(ny('2024-03-10T05:00:00Z')).toBe('2024-03-10');
    expect(ny('2024-03-10T07:30:00Z')).toBe('2024-03-10'); // 03:30 EDT, just after the jump
    expect(ny('2024-03-11T03:59:59Z')).toBe('2024-03-10');
    expect(ny('2024-03-11T04:00:00Z')).toBe('2024-03-11');
  });

  it('America/New_York, fall back (3 November 2024): the 25-hour day runs 04:00Z to 05:00Z', () => {
    const ny = (iso: string) => tradingDayKey(at(iso), 'America/New_York');
    expect(ny('2024-11-03T03:59:59Z')).toBe('2024-11-02');
    expect(ny('2024-11-03T04:00:00Z')).toBe('2024-11-03');
    expect(ny('2024-11-04T04:30:00Z')).toBe('2024-11-03'); // 23:30 EST
    expect(ny('2024-11-04T04:59:59Z')).toBe('2024-11-03');
    expect(ny('2024-11-04T05:00:00Z')).toBe('2024-11-04');
  });

  it('Europe/Zurich across its spring change (31 March 2024)', () => {
    const zh = (iso: string) => tradingDayKey(at(iso), 'Europe/Zurich');
    expect(zh('2024-03-30T22:59:59Z')).toBe('2024-03-30');
    expect(zh('2024-03-30T23:00:00Z')).toBe('2024-03-31');
    expect(zh('2024-03-31T21:59:59Z')).toBe('2024-03-31');
    expect(zh('2024-03-31T22:00:00Z')).toBe('2024-04-01');
  });

  it('gives the same answer on repeated calls (the formatter is cached per zone)', () => {
    const instant = at('2024-03-06T02:00:00Z');
    expect(tradingDayKey(instant, 'America/New_York')).toBe(tradingDayKey(instant, 'America/New_York'));
    expect(tradingDayKey(instant, 'UTC')).toBe('2024-03-06');
  });
});

describe('tradingDayKey cache', () => {
  it('gives the same keys as uncached formatting around midnight in zones with 30- and 45-minute offsets', () => {
    for (const tz of ['UTC', 'Asia/Kolkata', 'Asia/Kathmandu', 'America/St_Johns', 'Australia/Eucla']) {
      const f = new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit' });
      for (let ms = Date.UTC(2025, 2, 1); ms < Date.UTC(2025, 2, 4); ms += 60_000 * 7) {
        expect(tradingDayKey(new Date(ms), tz)).toBe(f.format(new Date(ms)));
      }
    }
  });
});
