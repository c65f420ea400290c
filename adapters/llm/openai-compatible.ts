import type { Logger } from '@/adapters/logging/logger';
import type { AdviceFailure, AdviceOutcome, AdvicePolicy } from '@/domain/advisory/advice';
import type { AdviceContext } from '@/domain/advisory/advice-context';
import { parseAdviceResponse } from './advice-schema';

export interface LlmAdvisorConfig {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1: /chat/completions is appended */
  baseUrl: string;
  model: string;
  apiKey: string;
  timeoutMs: number;
  policy: AdvicePolicy;
}

/** What tests replace: the HTTP call, the timer behind the time-out, the clock behind latencies. */
export interface LlmAdvisorDeps {
  fetch?: typeof fetch;
  /** schedule `fn` after `ms`; returns a cancel function */
  setTimer?: (fn: () => void, ms: number) => () => void;
  now?: () => number;
  log?: Logger;
}

export type AdvisorStats = Record<'asked' | 'advised' | AdviceFailure, number>;

export interface LlmAdvisor {
  readonly model: string;
  readonly policy: AdvicePolicy;
  readonly timeoutMs: number;
  /** counts since start: how often the advisory answered and how often it failed, by reason */
  readonly stats: Readonly<AdvisorStats>;
  /** Never throws and never outlasts the time-out: every failure is "no advice". */
  ask(ctx: AdviceContext): Promise<AdviceOutcome>;
}

/** Answers larger than this are not advice (the note alone is capped at 500 characters). */
const MAX_BODY_CHARS = 64_000;

const SYSTEM_PROMPT = [
  'You review one candidate trade signal of a risk-managed crypto trading system. You only advise: sizing and risk limits are not yours.',
  'Reply with one JSON object and nothing else: {"note": string of at most 300 characters, "confidenceAdjustment": number from -0.5 to 0.2}.',
  'A negative adjustment means the context argues against the signal; 0 means no view.',
].join(' ');

const defaultTimer = (fn: () => void, ms: number) => { const h = setTimeout(fn, ms); return () => clearTimeout(h); };

class TimedOut extends Error {}

/**
 * The LLM advisory over any OpenAI-compatible endpoint: POST {baseUrl}/chat/completions
 * with JSON mode, the answer validated with zod and clamped to the policy. The time-out
 * aborts the request and also wins a race against it, so an endpoint that stalls mid-body
 * still delays nobody past `timeoutMs`. The API key goes in the Authorization header
 * only: it is never logged, never part of an error or an outcome.
 */
export function createLlmAdvisor(cfg: LlmAdvisorConfig, deps: LlmAdvisorDeps = {}): LlmAdvisor {
  const doFetch = deps.fetch ?? fetch;
  const setTimer = deps.setTimer ?? defaultTimer;
  const now = deps.now ?? (() => performance.now());
  const url = `${cfg.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const stats: AdvisorStats = { asked: 0, advised: 0, timeout: 0, refused: 0, malformed: 0, unreachable: 0 };

  type Answer = Extract<AdviceOutcome, { status: 'advice' }> | { status: 'failed'; reason: AdviceFailure; problem: string };

  async function request(ctx: AdviceContext, signal: AbortSignal): Promise<Answer> {
    const res = await doFetch(url, {
      method: 'POST', signal,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cfg.apiKey}` },
      body: JSON.stringify({
        model: cfg.model, temperature: 0, max_tokens: 300, response_format: { type: 'json_object' },
        messages: [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: JSON.stringify(ctx) }],
      }),
    });
    const text = await res.text();
    if (!res.ok) return { status: 'failed', reason: 'refused', problem: `HTTP ${res.status}` };
    if (text.length > MAX_BODY_CHARS) return { status: 'failed', reason: 'malformed', problem: `answer of ${text.length} characters` };
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return { status: 'failed', reason: 'malformed', problem: 'response body: not JSON' };
    }
    const p = parseAdviceResponse(body, cfg.policy);
    if (!p.ok) return { status: 'failed', reason: p.reason, problem: p.problem };
    return { status: 'advice', note: p.note, confidenceAdjustment: p.confidenceAdjustment, requestedAdjustment: p.requestedAdjustment, model: cfg.model, latencyMs: 0 };
  }

  async function ask(ctx: AdviceContext): Promise<AdviceOutcome> {
    stats.asked += 1;
    const started = now();
    const abort = new AbortController();
    let cancelTimer = () => {};
    const timedOut = new Promise<never>((_, reject) => {
      cancelTimer = setTimer(() => { abort.abort(); reject(new TimedOut()); }, cfg.timeoutMs);
    });
    // whichever promise loses the race must not surface as an unhandled rejection
    timedOut.catch(() => {});
    let reason: AdviceFailure;
    let problem: string;
    try {
      const r = await Promise.race([request(ctx, abort.signal), timedOut]);
      if (r.status === 'advice') {
        stats.advised += 1;
        return { ...r, latencyMs: Math.round(now() - started) };
      }
      ({ reason, problem } = r);
    } catch (e) {
      reason = e instanceof TimedOut || abort.signal.aborted ? 'timeout' : 'unreachable';
      problem = reason === 'timeout' ? `no answer within ${cfg.timeoutMs} ms` : `${(e as Error).name}: ${String((e as Error).message).slice(0, 160)}`;
    } finally {
      cancelTimer();
      abort.abort();
    }
    stats[reason] += 1;
    const latencyMs = Math.round(now() - started);
    deps.log?.warn({ component: 'llm', model: cfg.model, symbol: ctx.symbol, strategy: ctx.strategy, reason, problem, latencyMs }, 'LLM advisory gave no advice: trading goes on without it');
    return { status: 'none', reason, model: cfg.model, latencyMs };
  }

  return { model: cfg.model, policy: cfg.policy, timeoutMs: cfg.timeoutMs, stats, ask };
}
