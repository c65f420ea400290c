/**
 * Near-misses: approved decisions where a risk rule's measured value came within 10% of its
 * limit. Headroom is the distance left to the limit as a fraction of the limit:
 * (limit − value) / limit for an upper limit, (value − limit) / limit for a lower one; a
 * near-miss is 0 ≤ headroom ≤ 10%.
 *
 * The rules measured (value as the validator stored it in the decision's checks):
 *  - daily_loss: the day's loss so far (input) against the daily loss limit;
 *  - drawdown: the drawdown from the pause tier's high-water mark (input) against the pause tier;
 *  - exposure.asset / exposure.total: exposure after the order (input + added) against the cap;
 *  - leverage: the order's leverage (input) against the maximum;
 *  - reward_risk: reward:risk after fees (input) against the minimum (a lower limit).
 * Left out, on purpose:
 *  - risk_per_trade and martingale: DECIDE sizes every entry to the per-trade risk, so an
 *    approved entry sits at ~100% of both by design; counting them would flag every trade;
 *  - sizing.minimum: the exchange's minimum order, not a risk limit;
 *  - yes/no rules (safe mode, trading state, stop present and on the losing side, averaging
 *    down, exits, stop updates): they pass or fail, there is no distance to measure.
 */
export const NEAR_MISS_HEADROOM = 0.1;

type Bound = 'upper' | 'lower';
export const NEAR_MISS_RULES: Readonly<Record<string, { bound: Bound; isAfterOrder: boolean }>> = {
  daily_loss: { bound: 'upper', isAfterOrder: false },
  drawdown: { bound: 'upper', isAfterOrder: false },
  'exposure.asset': { bound: 'upper', isAfterOrder: true },
  'exposure.total': { bound: 'upper', isAfterOrder: true },
  leverage: { bound: 'upper', isAfterOrder: false },
  reward_risk: { bound: 'lower', isAfterOrder: false },
};

/** A rule check as a decision's journal row stores it (adapters/repo/journal.ts: Infinity as null). */
export interface StoredCheck {
  rule: string;
  outcome: string;
  input: number | null;
  added: number | null;
  threshold: number | null;
}

export interface NearMissMeasure {
  rule: string;
  value: number;
  limit: number;
  /** fraction of the limit still free (0.06 = 6% of the limit left) */
  headroom: number;
}

/** The check's near-miss, or null: not a measured rule, not passed, no finite limit, or more than 10% headroom. */
export function nearMissOf(k: StoredCheck): NearMissMeasure | null {
  const def = NEAR_MISS_RULES[k.rule];
  if (!def || k.outcome !== 'pass' || k.input === null || k.threshold === null || !(k.threshold > 0)) return null;
  const value = def.isAfterOrder ? k.input + (k.added ?? 0) : k.input;
  if (!Number.isFinite(value)) return null;
  const headroom = def.bound === 'upper' ? (k.threshold - value) / k.threshold : (value - k.threshold) / k.threshold;
  // a tiny negative headroom is float noise at the limit (the validator lets the limit itself pass)
  if (headroom < -1e-9 || headroom > NEAR_MISS_HEADROOM + 1e-12) return null;
  return { rule: k.rule, value, limit: k.threshold, headroom: Math.max(0, headroom) };
}
