import { describe, expect, it } from 'vitest';
import type { TradingState } from '@/domain/machines/trading-state';
import { evaluateRiskState, type RiskStateSnapshot } from '@/domain/risk/evaluate-risk-state';
import { at, limits } from './support';

const MORNING = at('2024-03-05T09:00:00Z');
const AFTERNOON = at('2024-03-05T15:00:00Z');
const NEXT_DAY = at('2024-03-06T00:00:00Z');

function snap(over: Partial<RiskStateSnapshot> = {}): RiskStateSnapshot {
  return { tradingState: 'ACTIVE', peakEquity: 10_000, pauseAnchorEquity: over.peakEquity ?? 10_000, pausedUntil: null, dayStartEquity: 10_000, dayStartedAt: MORNING, ...over };
}
/** Peak 10,000 and a day that started at `equity`: only drawdown moves the tier. */
const drawdownTo = (equity: number, tradingState: TradingState = 'ACTIVE') =>
  evaluateRiskState(snap({ tradingState, dayStartEquity: equity }), equity, AFTERNOON, limits());

describe('evaluateRiskState: drawdown tiers', () => {
  it('stays ACTIVE without events when nothing moved', () => {
    expect(evaluateRiskState(snap(), 10_000, AFTERNOON, limits())).toEqual({
      tradingState: 'ACTIVE', peakEquity: 10_000, pauseAnchorEquity: 10_000, pausedUntil: null, dayStartEquity: 10_000, dayStartedAt: MORNING,
      drawdown: 0, pauseDrawdown: 0, dayLoss: 0, isNewDay: false, events: [],
    });
  });

  it('reduce tier (10%): at and under stay ACTIVE, just over → REDUCED with its event', () => {
    expect(drawdownTo(9_000)).toMatchObject({ tradingState: 'ACTIVE', drawdown: 0.1, events: [] });
    expect(drawdownTo(9_000.01).tradingState).toBe('ACTIVE');
    const r = drawdownTo(8_999.99);
    expect(r.tradingState).toBe('REDUCED');
    expect(r.events).toEqual([{ event: 'DRAWDOWN_REDUCE', from: 'ACTIVE', to: 'REDUCED', drawdown: r.drawdown, dayLoss: 0, threshold: 0.1 }]);
    expect(r.drawdown).toBeCloseTo(0.100001, 9);
  });

  it('pause tier (15%): at stays REDUCED, just over → PAUSED', () => {
    expect(drawdownTo(8_500, 'REDUCED')).toMatchObject({ tradingState: 'REDUCED', events: [] });
    expect(drawdownTo(8_500.01, 'REDUCED').tradingState).toBe('REDUCED');
    expect(drawdownTo(8_499.99, 'REDUCED').events).toMatchObject([{ event: 'DRAWDOWN_PAUSE', from: 'REDUCED', to: 'PAUSED', threshold: 0.15 }]);
  });

  it('lock tier (20%): at stays PAUSED, just over → LOCKED', () => {
    expect(drawdownTo(8_000, 'PAUSED')).toMatchObject({ tradingState: 'PAUSED', events: [] });
    expect(drawdownTo(8_000.01, 'PAUSED').tradingState).toBe('PAUSED');
    expect(drawdownTo(7_999.99, 'PAUSED').events).toMatchObject([{ event: 'DRAWDOWN_LOCK', from: 'PAUSED', to: 'LOCKED', threshold: 0.2 }]);
  });

  it('a fall past several tiers at once moves straight to the deepest', () => {
    expect(drawdownTo(8_400).events).toMatchObject([{ event: 'DRAWDOWN_PAUSE', from: 'ACTIVE', to: 'PAUSED' }]);
    expect(drawdownTo(7_000).events).toMatchObject([{ event: 'DRAWDOWN_LOCK', from: 'ACTIVE', to: 'LOCKED' }]);
  });

  it('a partial recovery steps back down (PAUSED → REDUCED), a full one returns to ACTIVE', () => {
    expect(drawdownTo(8_800, 'PAUSED').events).toMatchObject([{ event: 'DRAWDOWN_REDUCE', from: 'PAUSED', to: 'REDUCED' }]);
    expect(drawdownTo(9_500, 'PAUSED').events).toMatchObject([{ event: 'RECOVERED', from: 'PAUSED', to: 'ACTIVE', threshold: 0.1 }]);
    expect(drawdownTo(9_000, 'REDUCED').events).toMatchObject([{ event: 'RECOVERED', from: 'REDUCED', to: 'ACTIVE' }]);
  });

  it('honours tighter configured tiers', () => {
    const tight = limits({ drawdownReduceFraction: 0.05, drawdownPauseFraction: 0.08, drawdownLockFraction: 0.12 });
    const r = evaluateRiskState(snap({ dayStartEquity: 9_100 }), 9_100, AFTERNOON, tight);
    expect(r.events).toMatchObject([{ event: 'DRAWDOWN_PAUSE', threshold: 0.08 }]);
  });
});

describe('evaluateRiskState: a drawdown pause ends after its cool-off (72 h), at half size', () => {
  const HOUR = 3_600_000;
  const after = (from: Date, hours: number) => new Date(from.getTime() + hours * HOUR);
  // a day started at 8,400 so that only drawdown moves the tier
  const paused = () => evaluateRiskState(snap({ dayStartEquity: 8_400 }), 8_400, AFTERNOON, limits());

  it('entering PAUSED sets the cool-off end; the pause holds until then at the same equity', () => {
    const p = paused();
    expect(p).toMatchObject({ tradingState: 'PAUSED', pausedUntil: after(AFTERNOON, 72), pauseAnchorEquity: 10_000 });
    const held = evaluateRiskState(p, 8_400, after(AFTERNOON, 71.99), limits());
    expect(held).toMatchObject({ tradingState: 'PAUSED', pausedUntil: after(AFTERNOON, 72), events: [] });
  });

  it('at the cool-off end it resumes REDUCED, the pause tier re-measured from that equity; the lock still from the true peak', () => {
    const p = paused();
    const resumed = evaluateRiskState(p, 8_400, after(AFTERNOON, 72), limits());
    expect(resumed).toMatchObject({ tradingState: 'REDUCED', pausedUntil: null, pauseAnchorEquity: 8_400, peakEquity: 10_000, pauseDrawdown: 0 });
    expect(resumed.events).toEqual([{ event: 'COOLDOWN_ELAPSED', from: 'PAUSED', to: 'REDUCED', drawdown: 0.16, dayLoss: 0, threshold: 0.15 }]);
    const day = after(AFTERNOON, 73);
    // 8,100 is 3.6% under the resumption equity: still trading at half size
    expect(evaluateRiskState({ ...resumed, dayStartEquity: 8_100 }, 8_100, day, limits())).toMatchObject({ tradingState: 'REDUCED', events: [] });
    // 7,999 is 20.01% under the true peak: locked, though only 4.8% under the resumption equity
    expect(evaluateRiskState({ ...resumed, dayStartEquity: 7_999 }, 7_999, day, limits()).events).toMatchObject([{ event: 'DRAWDOWN_LOCK', from: 'REDUCED', to: 'LOCKED' }]);
  });

  it('with a tighter pause tier, a further loss beyond it from the resumption equity pauses again, with a new cool-off', () => {
    const tight = limits({ drawdownReduceFraction: 0.05, drawdownPauseFraction: 0.08, drawdownLockFraction: 0.2 });
    const p = evaluateRiskState(snap({ dayStartEquity: 9_100 }), 9_100, AFTERNOON, tight);
    const resumed = evaluateRiskState(p, 9_100, after(AFTERNOON, 72), tight);
    expect(resumed).toMatchObject({ tradingState: 'REDUCED', pauseAnchorEquity: 9_100 });
    const t = after(AFTERNOON, 80);
    const again = evaluateRiskState({ ...resumed, dayStartEquity: 8_300 }, 8_300, t, tight);
    expect(again).toMatchObject({ tradingState: 'PAUSED', pausedUntil: after(t, 0 + 72) });
    expect(again.events).toMatchObject([{ event: 'DRAWDOWN_PAUSE', from: 'REDUCED', to: 'PAUSED' }]);
  });

  it('the anchor rises with equity and merges with the peak at a new high', () => {
    const resumed = evaluateRiskState(paused(), 8_400, after(AFTERNOON, 72), limits());
    const up = evaluateRiskState(resumed, 9_200, after(AFTERNOON, 73), limits());
    expect(up).toMatchObject({ pauseAnchorEquity: 9_200, peakEquity: 10_000, tradingState: 'ACTIVE' });
    const high = evaluateRiskState(up, 10_500, after(AFTERNOON, 74), limits());
    expect(high).toMatchObject({ pauseAnchorEquity: 10_500, peakEquity: 10_500 });
  });

  it('a recovery before the cool-off ends the pause at once; a pause with no end stored (an older row) gets one', () => {
    expect(evaluateRiskState(paused(), 8_800, after(AFTERNOON, 1), limits())).toMatchObject({ tradingState: 'REDUCED', pausedUntil: null });
    const legacy = evaluateRiskState(snap({ tradingState: 'PAUSED', dayStartEquity: 8_400 }), 8_400, AFTERNOON, limits());
    expect(legacy).toMatchObject({ tradingState: 'PAUSED', pausedUntil: after(AFTERNOON, 72), events: [] });
  });
});

describe('evaluateRiskState: LOCKED is absorbing', () => {
  it('a full recovery does not unlock', () => {
    expect(evaluateRiskState(snap({ tradingState: 'LOCKED' }), 10_000, AFTERNOON, limits())).toMatchObject({ tradingState: 'LOCKED', events: [] });
  });

  it('a new day does not unlock (but the day still restarts)', () => {
    const r = evaluateRiskState(snap({ tradingState: 'LOCKED' }), 9_000, NEXT_DAY, limits());
    expect(r).toMatchObject({ tradingState: 'LOCKED', events: [], isNewDay: true, dayStartEquity: 9_000 });
  });

  it('a deeper fall emits nothing more', () => {
    expect(evaluateRiskState(snap({ tradingState: 'LOCKED' }), 5_000, AFTERNOON, limits()).events).toEqual([]);
  });

  it.each(['ACTIVE', 'REDUCED', 'PAUSED', 'HALTED'] satisfies TradingState[])('locks from %s', (tradingState) => {
    const r = evaluateRiskState(snap({ tradingState }), 7_900, AFTERNOON, limits());
    expect(r.tradingState).toBe('LOCKED');
    expect(r.events).toMatchObject([{ event: 'DRAWDOWN_LOCK', from: tradingState, to: 'LOCKED' }]);
  });
});

describe('evaluateRiskState: daily loss (5%)', () => {
  it('at exactly 5% below the day start stays ACTIVE; just over halts', () => {
    expect(evaluateRiskState(snap(), 9_500, AFTERNOON, limits())).toMatchObject({ tradingState: 'ACTIVE', dayLoss: 0.05, events: [] });
    expect(evaluateRiskState(snap(), 9_500.01, AFTERNOON, limits()).tradingState).toBe('ACTIVE');
    const r = evaluateRiskState(snap(), 9_499.99, AFTERNOON, limits());
    expect(r.tradingState).toBe('HALTED');
    expect(r.events).toEqual([{ event: 'DAILY_LOSS', from: 'ACTIVE', to: 'HALTED', drawdown: r.drawdown, dayLoss: r.dayLoss, threshold: 0.05 }]);
    expect(r.dayLoss).toBeCloseTo(0.050001, 9);
  });

  it('the halt takes precedence over a drawdown tier (REDUCED → HALTED)', () => {
    const r = evaluateRiskState(snap({ tradingState: 'REDUCED', peakEquity: 11_000 }), 9_400, AFTERNOON, limits());
    expect(r.events).toMatchObject([{ event: 'DAILY_LOSS', from: 'REDUCED', to: 'HALTED' }]);
  });

  it('HALTED holds for the rest of the day, even after a full recovery or a deeper tier', () => {
    const halted = snap({ tradingState: 'HALTED' });
    expect(evaluateRiskState(halted, 10_000, AFTERNOON, limits())).toMatchObject({ tradingState: 'HALTED', events: [] });
    expect(evaluateRiskState(halted, 8_400, AFTERNOON, limits())).toMatchObject({ tradingState: 'HALTED', events: [] });
    expect(evaluateRiskState(halted, 10_000, at('2024-03-05T23:59:59.999Z'), limits()).tradingState).toBe('HALTED');
  });

  it('the next day lifts the halt and restarts the day at the current equity', () => {
    const r = evaluateRiskState(snap({ tradingState: 'HALTED' }), 9_400, NEXT_DAY, limits());
    expect(r).toMatchObject({ tradingState: 'ACTIVE', isNewDay: true, dayStartEquity: 9_400, dayStartedAt: NEXT_DAY, dayLoss: 0 });
    expect(r.events).toMatchObject([{ event: 'NEW_DAY', from: 'HALTED', to: 'ACTIVE' }]);
  });

  it('the next day lands on the drawdown tier in force (HALTED → ACTIVE → PAUSED)', () => {
    const r = evaluateRiskState(snap({ tradingState: 'HALTED' }), 8_400, NEXT_DAY, limits());
    expect(r.tradingState).toBe('PAUSED');
    expect(r.events.map((e) => e.event)).toEqual(['NEW_DAY', 'DRAWDOWN_PAUSE']);
  });

  it('the new day limit is measured from the new day start', () => {
    const day2 = evaluateRiskState(snap(), 9_700, NEXT_DAY, limits());
    expect(day2).toMatchObject({ dayStartEquity: 9_700, tradingState: 'ACTIVE' });
    // 9,700 × 0.95 = 9,215
    expect(evaluateRiskState(day2, 9_215, at('2024-03-06T12:00:00Z'), limits()).tradingState).toBe('ACTIVE');
    expect(evaluateRiskState(day2, 9_214, at('2024-03-06T12:00:00Z'), limits()).tradingState).toBe('HALTED');
  });

  it('honours a tighter configured limit', () => {
    expect(evaluateRiskState(snap(), 9_690, AFTERNOON, limits({ dailyLossFraction: 0.03 })).events)
      .toMatchObject([{ event: 'DAILY_LOSS', threshold: 0.03 }]);
  });
});

describe('evaluateRiskState: the trading day in a time zone (fixed instants, no wall clock)', () => {
  // 10:00 in New York on 5 March (EST, UTC−5)
  const nyMorning = snap({ tradingState: 'HALTED', dayStartedAt: at('2024-03-05T15:00:00Z') });

  it('UTC: midnight UTC starts the next day', () => {
    expect(evaluateRiskState(nyMorning, 10_000, at('2024-03-05T23:59:59Z'), limits()).isNewDay).toBe(false);
    expect(evaluateRiskState(nyMorning, 10_000, at('2024-03-06T00:00:00Z'), limits()).tradingState).toBe('ACTIVE');
  });

  it('America/New_York: midnight UTC is still 5 March; the halt lifts at 05:00 UTC', () => {
    const ny = (iso: string) => evaluateRiskState(nyMorning, 10_000, at(iso), limits(), 'America/New_York');
    expect(ny('2024-03-06T04:59:59Z')).toMatchObject({ tradingState: 'HALTED', isNewDay: false });
    expect(ny('2024-03-06T05:00:00Z')).toMatchObject({ tradingState: 'ACTIVE', isNewDay: true });
  });

  it('America/New_York across the spring DST change: the 23-hour day ends at 04:00 UTC', () => {
    const dstDay = snap({ dayStartedAt: at('2024-03-10T06:00:00Z'), dayStartEquity: 10_000 });
    const ny = (iso: string) => evaluateRiskState(dstDay, 9_000, at(iso), limits(), 'America/New_York');
    expect(ny('2024-03-11T03:59:59Z')).toMatchObject({ isNewDay: false, dayStartEquity: 10_000, tradingState: 'HALTED' });
    expect(ny('2024-03-11T04:00:00Z')).toMatchObject({ isNewDay: true, dayStartEquity: 9_000, tradingState: 'ACTIVE' });
  });
});

describe('evaluateRiskState: peak equity', () => {
  it('tracks the maximum', () => {
    const up = evaluateRiskState(snap(), 11_000, AFTERNOON, limits());
    expect(up).toMatchObject({ peakEquity: 11_000, drawdown: 0 });
    const down = evaluateRiskState(up, 10_450, at('2024-03-05T16:00:00Z'), limits());
    expect(down.peakEquity).toBe(11_000);
    expect(down.drawdown).toBeCloseTo(0.05, 12);
  });

  it('a new high after a REDUCED spell recovers', () => {
    const r = evaluateRiskState(snap({ tradingState: 'REDUCED', dayStartEquity: 10_500 }), 10_500, AFTERNOON, limits());
    expect(r).toMatchObject({ tradingState: 'ACTIVE', peakEquity: 10_500 });
    expect(r.events).toMatchObject([{ event: 'RECOVERED' }]);
  });

  it('reads no drawdown without a peak', () => {
    expect(evaluateRiskState(snap({ peakEquity: 0, dayStartEquity: 0 }), 0, AFTERNOON, limits())).toMatchObject({ drawdown: 0, dayLoss: 0, tradingState: 'ACTIVE' });
  });
});
