/**
 * The LLM advisory's answer as the pipeline sees it. The model only advises: its answer
 * moves a signal's score, and a signal whose score falls below the policy's floor is
 * skipped (`llm_advice`). It never reaches DECIDE's sizing or the risk validator's limits.
 */

/** Why there is no advice: the call timed out, the endpoint refused (non-2xx), the answer did not parse, or the network failed. */
export type AdviceFailure = 'timeout' | 'refused' | 'malformed' | 'unreachable';

export type AdviceOutcome =
  | {
    status: 'advice'; note: string;
    /** the adjustment applied: the model's, clamped to the policy's bounds */
    confidenceAdjustment: number;
    /** what the model asked for, kept so an operator sees a model pushing past the bounds */
    requestedAdjustment: number;
    model: string; latencyMs: number;
  }
  | { status: 'none'; reason: AdviceFailure; model: string; latencyMs: number };

export interface AdvicePolicy {
  /** the most a model may lower a score (≥ −0.5) */
  minAdjustment: number;
  /** the most a model may raise a score (≤ +0.2) */
  maxAdjustment: number;
  /** an advised signal whose score falls below this is skipped */
  minScore: number;
}

/** The widest bounds any configuration may set: a model may veto a signal, barely endorse one. */
export const ADVICE_BOUNDS = { minAdjustment: -0.5, maxAdjustment: 0.2 } as const;

/** Strategies emit no graded confidence: every signal starts at full score. */
export const BASE_SCORE = 1;

/** A model that takes more than a quarter off a signal's score keeps it out. */
export const DEFAULT_ADVICE_POLICY: AdvicePolicy = { ...ADVICE_BOUNDS, minScore: 0.75 };

/** A policy from configuration, narrowed to ADVICE_BOUNDS: configuration can tighten the bounds, never widen them. */
export function advicePolicy(p: Partial<AdvicePolicy> = {}): AdvicePolicy {
  const pick = (x: number | undefined, def: number) => (x !== undefined && Number.isFinite(x) ? x : def);
  return {
    minAdjustment: Math.min(0, Math.max(ADVICE_BOUNDS.minAdjustment, pick(p.minAdjustment, ADVICE_BOUNDS.minAdjustment))),
    maxAdjustment: Math.max(0, Math.min(ADVICE_BOUNDS.maxAdjustment, pick(p.maxAdjustment, ADVICE_BOUNDS.maxAdjustment))),
    minScore: Math.min(BASE_SCORE, Math.max(0, pick(p.minScore, DEFAULT_ADVICE_POLICY.minScore))),
  };
}

/** The model's adjustment inside the policy's bounds (a non-finite one counts as no adjustment). */
export function clampAdjustment(x: number, policy: AdvicePolicy): number {
  if (!Number.isFinite(x)) return 0;
  return Math.min(policy.maxAdjustment, Math.max(policy.minAdjustment, x));
}

/** The signal's score after advice; without advice (any failure) it stays at BASE_SCORE. */
export function adjustedScore(a: AdviceOutcome | null, policy: AdvicePolicy): number {
  return a?.status === 'advice' ? BASE_SCORE + clampAdjustment(a.confidenceAdjustment, policy) : BASE_SCORE;
}

/** Whether the advice keeps the signal out. No advice never does: a failing model cannot stop trading. */
export function isSkippedByAdvice(a: AdviceOutcome | null, policy: AdvicePolicy): boolean {
  return adjustedScore(a, policy) < policy.minScore;
}
