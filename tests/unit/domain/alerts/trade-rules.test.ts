import { describe, expect, it } from 'vitest';
import { consecutiveLosses, lossStreakVerdict, volatilityVerdict } from '@/domain/alerts/trade-rules';

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

describe('volatilityVerdict (high-volatility warning)', () => {
  const m = (symbol: string, percentile: number | null) => ({ symbol, percentile });
  it('raises while any market is above the threshold, listing those, highest first', () => {
    expect(volatilityVerdict([m('BTC/USDT', 0.5), m('ETH/USDT', 0.96), m('SOL/USDT', 0.99)], 0.95))
      .toEqual({ raise: true, markets: [m('SOL/USDT', 0.99), m('ETH/USDT', 0.96)] });
    expect(volatilityVerdict([m('BTC/USDT', 0.95)], 0.95).raise).toBe(false); // at the threshold: not above
  });
  it('clears only once every market is under the threshold minus the margin; holds in between', () => {
    expect(volatilityVerdict([m('BTC/USDT', 0.9)], 0.95)).toMatchObject({ raise: false, clear: false });
    expect(volatilityVerdict([m('BTC/USDT', 0.849), m('ETH/USDT', 0.2)], 0.95)).toMatchObject({ raise: false, clear: true });
  });
  it('ignores markets without enough candles for a percentile', () => {
    expect(volatilityVerdict([m('BTC/USDT', null)], 0.95)).toEqual({ raise: false, clear: true, highest: null });
  });
});
