import { describe, expect, it } from 'vitest';
import { dailyCloses } from '@/domain/metrics/daily-closes';
import { dailyReturns } from '@/domain/metrics/daily-returns';
import { EQUITY, point } from './support';

describe('dailyCloses', () => {
  it('keeps the last sample of each UTC day and carries the previous close over a day without samples', () => {
    // 01-01: 10,000 / 10,500 / 10,000 → 10,000; 01-02: 11,000; 01-03: none → 11,000; 01-04: 9,900; 01-05: 10,890
    expect(dailyCloses(EQUITY)).toEqual([10_000, 11_000, 11_000, 9_900, 10_890]);
  });

  it('cuts days at UTC midnight: 23:59:59.999 belongs to the day before', () => {
    expect(dailyCloses([point('2024-01-01T23:59:59.999Z', 1), point('2024-01-02T00:00:00Z', 2)])).toEqual([1, 2]);
    expect(dailyCloses([point('2024-01-01T00:00:00Z', 1), point('2024-01-01T23:59:59.999Z', 2)])).toEqual([2]);
  });

  it('is empty for an empty series', () => {
    expect(dailyCloses([])).toEqual([]);
  });
});

describe('dailyReturns', () => {
  it('returns between consecutive closes', () => {
    // 11,000/10,000 − 1 = 0.1; 11,000/11,000 − 1 = 0; 9,900/11,000 − 1 = −0.1; 10,890/9,900 − 1 = 0.1
    const r = dailyReturns(EQUITY);
    expect(r).toHaveLength(4);
    [0.1, 0, -0.1, 0.1].forEach((x, i) => expect(r[i]).toBeCloseTo(x, 12));
  });

  it('one day gives no return, whatever happened inside it', () => {
    expect(dailyReturns([point('2024-01-01T01:00:00Z', 100), point('2024-01-01T20:00:00Z', 150)])).toEqual([]);
  });

  it('a close at 0 makes the next return 0, not Infinity', () => {
    expect(dailyReturns([point('2024-01-01T00:00:00Z', 0), point('2024-01-02T00:00:00Z', 10)])).toEqual([0]);
  });
});
