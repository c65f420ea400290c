import { describe, expect, it } from 'vitest';
import { consecutiveLosses, lossStreakVerdict } from '@/domain/alerts/trade-rules';

describe('alert rules that follow trades', () => {
  it('counts the newest losing run; a win or break-even ends it', () => {
    expect(consecutiveLosses([])).toBe(0);
    expect(consecutiveLosses([-1, -2, 3, -4])).toBe(2);
    expect(consecutiveLosses([-1, 0, -1])).toBe(1);
    expect(consecutiveLosses([-1, -1, -1, -1, -1])).toBe(5);
  });

  it('raises beyond the threshold (more than 3 by default), clears on the next win, and holds in between', () => {
    expect(lossStreakVerdict([-1, -1, -1])).toEqual({ raise: false, streak: 3, clear: false });
    expect(lossStreakVerdict([-1, -1, -1, -1])).toEqual({ raise: true, streak: 4 });
    expect(lossStreakVerdict([5, -1, -1, -1, -1])).toEqual({ raise: false, streak: 0, clear: true });
    expect(lossStreakVerdict([-1, -1], { maxConsecutiveLosses: 1 })).toEqual({ raise: true, streak: 2 });
  });
});
