import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { DEFAULT_ADVICE_POLICY, isSkippedByAdvice, type AdviceOutcome } from '@/domain/advisory/advice';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { engineMarket, PipelineEngine, type DecisionEvent } from '@/domain/pipeline/engine';
import type { EntrySignal } from '@/domain/pipeline/signal';

const DATA = path.resolve(import.meta.dirname, '../../../../data');
const window = { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 3, 1) };
const series = ['BTCUSDT', 'ETHUSDT'].map((s) => loadCandlesCsv(path.join(DATA, `binance_${s}_1h.csv.gz`), window));
const EQUITY = 10_000;

function engine() {
  const cfg = defaultBacktestConfig({ timeZone: 'UTC' });
  const decisions: DecisionEvent[] = [];
  let id = 0;
  const e = new PipelineEngine(series.map((s) => engineMarket(s, cfg)), cfg, {
    cash: EQUITY, isSafeMode: false, positions: [], pending: [], lastTrade: {}, stats: {},
    risk: { tradingState: 'ACTIVE', peakEquity: EQUITY, pauseAnchorEquity: EQUITY, pausedUntil: null, dayStartEquity: EQUITY, dayStartedAt: new Date(series[0]!.time[0]!) },
  }, { decision: (d) => { decisions.push(d); } }, () => `id-${++id}`);
  return { e, decisions };
}

/** Run to the end; with `adviseFor`, every candle time goes through the runners' pre-pass and gets that advice. */
function run(adviseFor?: (signal: EntrySignal, k: number) => AdviceOutcome | undefined) {
  const r = engine();
  const limitsBefore = structuredClone(r.e.cfg.limits);
  let k = 0;
  for (let t = r.e.nextTime(); t !== Infinity; t = r.e.nextTime()) {
    if (adviseFor) {
      const outcomes = new Map<EntrySignal, AdviceOutcome>();
      for (const c of r.e.signalsAhead(t)) { const a = adviseFor(c.signal, k++); if (a) outcomes.set(c.signal, a); }
      r.e.advice = { outcomes, policy: DEFAULT_ADVICE_POLICY };
    }
    r.e.advance(t);
  }
  return { ...r, limitsBefore };
}

/** What a decision did, without RESEARCH's advisory (the only thing advice may add). */
const effect = (d: DecisionEvent) => ({ t: d.t, signal: d.signal, skip: d.skip, decision: d.decision, intent: d.intent, weight: d.weight, sizeFactor: d.sizeFactor });

const baseline = run();

const adjustment = fc.oneof(fc.double({ noNaN: false }), fc.constantFrom(-0.5, -0.25, -0.2500001, 0, 0.2, 1e9, -1e9));
const outcome: fc.Arbitrary<AdviceOutcome> = fc.oneof(
  adjustment.map((x) => ({ status: 'advice' as const, note: 'n', confidenceAdjustment: x, requestedAdjustment: x, model: 'm', latencyMs: 5 })),
  fc.constantFrom('timeout', 'refused', 'malformed', 'unreachable').map((reason) => ({ status: 'none' as const, reason, model: 'm', latencyMs: 2000 })),
);

describe('the LLM advisory never sizes and never touches a limit', () => {
  it('the runners\' pre-pass with no advice decides exactly as the backtest does', () => {
    expect(baseline.decisions.length).toBeGreaterThan(20);
    const prepassed = run(() => undefined);
    expect(prepassed.decisions).toEqual(baseline.decisions);
    expect(prepassed.e.state.cash).toBe(baseline.e.state.cash);
  });

  it('advice that keeps a signal changes nothing but its score: same intents, same validator verdicts, same sizes', () => {
    const keeping = outcome.filter((a) => !isSkippedByAdvice(a, DEFAULT_ADVICE_POLICY));
    fc.assert(fc.property(fc.array(keeping, { minLength: 1, maxLength: 20 }), (advice) => {
      const r = run((_, k) => advice[k % advice.length]);
      expect(r.decisions.map(effect)).toEqual(baseline.decisions.map(effect));
      expect(r.e.cfg.limits).toEqual(r.limitsBefore);
    }), { numRuns: 25 });
  });

  it('any advice only removes entries: up to its first veto every decision is the baseline\'s, the veto orders nothing, limits are untouched', () => {
    fc.assert(fc.property(fc.array(outcome, { minLength: 1, maxLength: 20 }), (advice) => {
      const r = run((_, k) => advice[k % advice.length]);
      expect(r.e.cfg.limits).toEqual(r.limitsBefore);
      const veto = r.decisions.findIndex((d) => d.skip === 'llm_advice');
      const upTo = veto < 0 ? r.decisions.length : veto;
      expect(r.decisions.slice(0, upTo).map(effect)).toEqual(baseline.decisions.slice(0, upTo).map(effect));
      if (veto >= 0) {
        const d = r.decisions[veto]!;
        expect(d).toMatchObject({ decision: null, intent: null, pendingId: null });
        expect(d.research?.advisory && isSkippedByAdvice(d.research.advisory, DEFAULT_ADVICE_POLICY)).toBe(true);
        expect(d.signal).toEqual(baseline.decisions[veto]!.signal);
      }
      // every order any run placed was the validator's verdict on DECIDE's intent, never larger than DECIDE proposed
      for (const d of r.decisions) if (d.decision && d.intent && d.decision.outcome !== 'REJECTED') expect(d.decision.quantity).toBeLessThanOrEqual(d.intent.quantity);
      // a failure never vetoes
      for (const d of r.decisions) if (d.research?.advisory?.status === 'none') expect(d.skip).not.toBe('llm_advice');
    }), { numRuns: 25 });
  });
});
