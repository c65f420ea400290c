import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ADVICE_BOUNDS, adjustedScore, advicePolicy, clampAdjustment, DEFAULT_ADVICE_POLICY, isSkippedByAdvice, type AdviceOutcome } from '@/domain/advisory/advice';
import { adviceContext } from '@/domain/advisory/advice-context';
import type { EntrySignal } from '@/domain/pipeline/signal';
import { seriesFrom, walk } from '../pipeline/fixtures';

const advice = (confidenceAdjustment: number): AdviceOutcome => ({ status: 'advice', note: 'n', confidenceAdjustment, requestedAdjustment: confidenceAdjustment, model: 'm', latencyMs: 1 });

describe('LLM advice: bounds, score and skip', () => {
  it('clamps any adjustment into the policy, and a non-finite one to 0', () => {
    const p = DEFAULT_ADVICE_POLICY;
    expect(clampAdjustment(0.9, p)).toBe(0.2);
    expect(clampAdjustment(-3, p)).toBe(-0.5);
    expect(clampAdjustment(-0.1, p)).toBe(-0.1);
    expect(clampAdjustment(Number.NaN, p)).toBe(0);
    expect(clampAdjustment(Number.POSITIVE_INFINITY, p)).toBe(0);
  });

  it('configuration narrows the bounds but never widens them', () => {
    expect(advicePolicy({ minAdjustment: -2, maxAdjustment: 5 })).toMatchObject(ADVICE_BOUNDS);
    expect(advicePolicy({ minAdjustment: -0.2, maxAdjustment: 0.05 })).toMatchObject({ minAdjustment: -0.2, maxAdjustment: 0.05 });
    expect(advicePolicy({ minAdjustment: 0.3, maxAdjustment: -0.3 })).toMatchObject({ minAdjustment: 0, maxAdjustment: 0 });
    fc.assert(fc.property(fc.double(), fc.double(), fc.double(), (lo, hi, x) => {
      const p = advicePolicy({ minAdjustment: lo, maxAdjustment: hi });
      const c = clampAdjustment(x, p);
      return c >= ADVICE_BOUNDS.minAdjustment && c <= ADVICE_BOUNDS.maxAdjustment;
    }));
  });

  it('skips a signal only when advice took its score below the floor; no advice never skips', () => {
    const p = DEFAULT_ADVICE_POLICY; // floor 0.75
    expect(adjustedScore(advice(0.1), p)).toBeCloseTo(1.1, 12);
    expect(isSkippedByAdvice(advice(-0.2), p)).toBe(false);
    expect(isSkippedByAdvice(advice(-0.3), p)).toBe(true);
    expect(isSkippedByAdvice(advice(-99), p)).toBe(true);
    for (const reason of ['timeout', 'refused', 'malformed', 'unreachable'] as const) {
      expect(isSkippedByAdvice({ status: 'none', reason, model: 'm', latencyMs: 2000 }, p)).toBe(false);
    }
    expect(isSkippedByAdvice(null, p)).toBe(false);
  });

  it('tells the model about the market only: no account figures', () => {
    const s = seriesFrom('BTC/USDT', walk(300, 7));
    const sig: EntrySignal = { kind: 'ENTRY', strategy: 'ema_cross', symbol: 'BTC/USDT', side: 'LONG', at: s.time[299]!, price: s.close[299]!, stopPrice: 90, targetPrice: 120 };
    const ctx = adviceContext(s, 299, sig, 3_600_000);
    expect(Object.keys(ctx).sort()).toEqual(['at', 'recentReturns', 'regime', 'score', 'side', 'strategy', 'symbol', 'volatilityPercentile']);
    expect(ctx.recentReturns).toHaveLength(12);
    expect(ctx.recentReturns.at(-1)).toBeCloseTo(s.close[299]! / s.close[298]! - 1, 4);
    expect(ctx.score).toBe(1);
  });
});
