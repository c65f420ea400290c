import { describe, expect, it } from 'vitest';
import { maxDrawdown } from '@/domain/metrics/max-drawdown';
import { totalReturn } from '@/domain/metrics/total-return';
import { EQUITY, point } from './support';

const series = (...values: number[]) => values.map((v, i) => ({ t: i * 3_600_000, equity: v }));

describe('maxDrawdown', () => {
  it('takes the deepest fall from the running peak', () => {
    // falls: 10,500 → 10,000 = 500/10,500 = 0.0476; 11,000 → 9,900 = 1,100/11,000 = 0.1
    expect(maxDrawdown(EQUITY)).toBeCloseTo(0.1, 12);
  });

  it('measures each trough against the peak before it, not a later one', () => {
    // 100 → 50 is 0.5; the later 200 → 120 is 0.4
    expect(maxDrawdown(series(100, 50, 200, 120))).toBeCloseTo(0.5, 12);
    // a recovery to a new peak does not reset the worst: 100 → 80 (0.2), 300 → 270 (0.1)
    expect(maxDrawdown(series(100, 80, 300, 270))).toBeCloseTo(0.2, 12);
  });

  it('is 0 for empty, single-point, flat and rising series', () => {
    expect(maxDrawdown([])).toBe(0);
    expect(maxDrawdown(series(100))).toBe(0);
    expect(maxDrawdown(series(100, 100, 100))).toBe(0);
    expect(maxDrawdown(series(100, 101, 150))).toBe(0);
  });

  it('a fall to 0 is 100%', () => {
    expect(maxDrawdown(series(100, 0))).toBe(1);
  });
});

describe('totalReturn', () => {
  it('last over first minus 1: 10,890/10,000 − 1 = 0.089', () => {
    expect(totalReturn(EQUITY)).toBeCloseTo(0.089, 12);
  });

  it('counts the move inside a single day (the daily returns cannot)', () => {
    expect(totalReturn([point('2024-01-01T01:00:00Z', 100), point('2024-01-01T20:00:00Z', 150)])).toBeCloseTo(0.5, 12);
  });

  it('is 0 with fewer than two points, a flat series, or a start at 0', () => {
    expect(totalReturn([])).toBe(0);
    expect(totalReturn(series(100))).toBe(0);
    expect(totalReturn(series(100, 100))).toBe(0);
    expect(totalReturn(series(0, 100))).toBe(0);
  });
});
