import { describe, expect, it } from 'vitest';
import type { TradingState } from '@/domain/machines/trading-state';
import { evaluateRiskState, type RiskStateSnapshot } from '@/domain/risk/evaluate-risk-state';
import { rebaseOnStageChange, resetLock } from '@/domain/risk/rebase';
import { at, limits } from './support';

const MORNING = at('2024-03-05T09:00:00Z');
const NOON = at('2024-03-05T12:00:00Z');

function snap(over: Partial<RiskStateSnapshot> = {}): RiskStateSnapshot {
  return { tradingState: 'ACTIVE', peakEquity: 26_000, pauseAnchorEquity: over.peakEquity ?? 26_000, pausedUntil: null, dayStartEquity: 25_800, dayStartedAt: MORNING, ...over };
}

describe('rebaseOnStageChange', () => {
  it('sets equity, peak and day start to the new stage capital and starts the day now', () => {
    expect(rebaseOnStageChange(snap(), 10_000, NOON)).toEqual({
      equity: 10_000, peakEquity: 10_000, pauseAnchorEquity: 10_000, pausedUntil: null, dayStartEquity: 10_000, tradingState: 'ACTIVE', dayStartedAt: NOON, events: [],
    });
  });

  it.each(['REDUCED', 'PAUSED'] satisfies TradingState[])('clears %s with a RECOVERED event', (tradingState) => {
    const r = rebaseOnStageChange(snap({ tradingState }), 10_000, NOON);
    expect(r.tradingState).toBe('ACTIVE');
    expect(r.events).toEqual([{ event: 'RECOVERED', from: tradingState, to: 'ACTIVE', drawdown: 0, dayLoss: 0, threshold: 0 }]);
  });

  it('keeps HALTED, and its day, so the halt still lasts until the next day', () => {
    const r = rebaseOnStageChange(snap({ tradingState: 'HALTED' }), 10_000, NOON);
    expect(r).toMatchObject({ tradingState: 'HALTED', dayStartedAt: MORNING, peakEquity: 10_000, dayStartEquity: 10_000, events: [] });
    expect(evaluateRiskState(r, 10_000, at('2024-03-05T20:00:00Z'), limits()).tradingState).toBe('HALTED');
    expect(evaluateRiskState(r, 10_000, at('2024-03-06T00:00:00Z'), limits()).tradingState).toBe('ACTIVE');
  });

  it('never clears LOCKED', () => {
    const r = rebaseOnStageChange(snap({ tradingState: 'LOCKED' }), 10_000, NOON);
    expect(r).toMatchObject({ tradingState: 'LOCKED', peakEquity: 10_000, events: [] });
    expect(evaluateRiskState(r, 10_000, NOON, limits()).tradingState).toBe('LOCKED');
  });

  it('a rollback from 25% to 10% of a 100,000 account trips no tier afterwards', () => {
    // stage capital was 25,000 and grew to a 26,000 peak; the rollback leaves 10,000
    const before = snap({ peakEquity: 26_000, dayStartEquity: 25_800 });
    // without the rebase the same figures would read as a 61.5% drawdown and lock
    expect(evaluateRiskState(before, 10_000, NOON, limits()).tradingState).toBe('LOCKED');

    const r = rebaseOnStageChange(before, 100_000 * 0.1, NOON);
    const after = evaluateRiskState(r, r.equity, at('2024-03-05T12:00:01Z'), limits());
    expect(after).toMatchObject({ tradingState: 'ACTIVE', drawdown: 0, dayLoss: 0, events: [] });
    const later = evaluateRiskState(after, 9_950, at('2024-03-05T13:00:00Z'), limits());
    expect(later).toMatchObject({ tradingState: 'ACTIVE', events: [] });
    expect(later.drawdown).toBeCloseTo(0.005, 12);
  });

  it('a promotion from 10% to 25% measures drawdown from the new capital', () => {
    const r = rebaseOnStageChange(snap({ peakEquity: 10_400, dayStartEquity: 10_300 }), 25_000, NOON);
    expect(evaluateRiskState(r, 25_000, NOON, limits())).toMatchObject({ tradingState: 'ACTIVE', events: [] });
    const dip = evaluateRiskState(r, 24_000, NOON, limits());
    expect(dip).toMatchObject({ tradingState: 'ACTIVE', peakEquity: 25_000 });
    expect(dip.drawdown).toBeCloseTo(0.04, 12);
  });
});

describe('resetLock', () => {
  const locked = snap({ tradingState: 'LOCKED', peakEquity: 10_000, dayStartEquity: 8_100 });
  const REASON = 'reviewed the losing trades with the team';

  it('refuses when not LOCKED', () => {
    for (const tradingState of ['ACTIVE', 'REDUCED', 'PAUSED', 'HALTED'] satisfies TradingState[]) {
      const r = resetLock(snap({ tradingState }), 9_000, REASON);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toContain(`the system is ${tradingState}, not LOCKED`);
    }
  });

  it.each(['', 'too short', '   padded    ', ' '.repeat(20)])('refuses a reason under 10 characters (%j)', (reason) => {
    const r = resetLock(locked, 7_900, reason);
    expect(r).toEqual({ ok: false, error: 'a written reason of at least 10 characters is required to reset a lock' });
  });

  it('unlocks with a reason of exactly 10 characters, rebasing the peak to current equity', () => {
    const r = resetLock(locked, 7_900, '0123456789');
    expect(r).toEqual({
      ok: true,
      value: {
        equity: 7_900, peakEquity: 7_900, pauseAnchorEquity: 7_900, pausedUntil: null, dayStartEquity: 8_100, dayStartedAt: MORNING, tradingState: 'ACTIVE',
        events: [{ event: 'MANUAL_RESET', from: 'LOCKED', to: 'ACTIVE', drawdown: 0, dayLoss: 0, threshold: 0 }],
      },
    });
  });

  it('does not lock again at once: the drawdown is measured from the rebased peak', () => {
    const r = resetLock(locked, 7_900, REASON);
    if (!r.ok) throw new Error(r.error);
    const next = evaluateRiskState(r.value, 7_900, at('2024-03-06T09:00:00Z'), limits());
    expect(next).toMatchObject({ tradingState: 'ACTIVE', drawdown: 0, events: [] });
  });

  it('keeps the day start: a daily loss over the limit still halts for the rest of that day', () => {
    // day start 10,000, locked at 7,900 the same day: the daily limit was crossed today
    const r = resetLock(snap({ tradingState: 'LOCKED', peakEquity: 10_000, dayStartEquity: 10_000 }), 7_900, REASON);
    if (!r.ok) throw new Error(r.error);
    expect(evaluateRiskState(r.value, 7_900, NOON, limits()).events).toMatchObject([{ event: 'DAILY_LOSS', from: 'ACTIVE', to: 'HALTED' }]);
  });
});
