import type { LlmAdvisor } from '@/adapters/llm/openai-compatible';
import type { AdviceOutcome } from '@/domain/advisory/advice';
import { adviceContext } from '@/domain/advisory/advice-context';
import type { PipelineEngine } from '@/domain/pipeline/engine';
import type { EntrySignal } from '@/domain/pipeline/signal';

/**
 * The LLM advisory's pre-pass for candle time t, before `engine.advance(t)`: the candle's
 * entry signals are taken from the strategies ahead, every candidate is sent to the model
 * at once (each call bounded by the advisor's time-out, so the whole pass is too), and the
 * answers are handed to the engine as data. The engine stays synchronous; backtests never
 * come here. Returns how many candidates were asked (0: nothing to ask, no time spent).
 */
export async function adviseCandle(engine: PipelineEngine, t: number, advisor: LlmAdvisor, timeframeMs: number): Promise<number> {
  // entries held back for this candle (a live runner catching up, not reconciled): nothing to ask
  if (engine.entryBlock !== null) return 0;
  const candidates = engine.signalsAhead(t);
  const st = engine.state;
  // a signal whose strategy already holds or waits for an entry in that market is skipped before RESEARCH
  const asking = candidates.filter(({ m, signal }) => !st.positions.some((p) => p.m === m && p.strategy === signal.strategy)
    && !st.pending.some((e) => e.m === m && e.strategy === signal.strategy));
  if (asking.length === 0) return 0;
  const answers = await Promise.all(asking.map(({ m, i, signal }) => advisor.ask(adviceContext(m.s, i, signal, timeframeMs, engine.cfg.research))));
  const outcomes = new Map<EntrySignal, AdviceOutcome>();
  asking.forEach(({ signal }, k) => outcomes.set(signal, answers[k]!));
  engine.advice = { outcomes, policy: advisor.policy };
  return asking.length;
}
