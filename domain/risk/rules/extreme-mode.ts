import type { RuleCheck } from '../types';

/**
 * Extreme market mode (the mission's "reduce position sizes"): the entry is sized at
 * `multiplier` × the size every other rule allows. It can only tighten: a multiplier
 * above 1 counts as 1, and one that is not a positive number (a bug upstream) rejects
 * (fail closed). Null while the mode is off: there is no rule in force to report.
 * Input: the multiplier; threshold: 1; maxQty: the size it allows.
 */
export function checkExtremeMode(multiplier: number | undefined, allowedQty: number): RuleCheck | null {
  if (multiplier === undefined) return null;
  const factor = multiplier > 0 ? Math.min(1, multiplier) : 0;
  if (factor === 0) return { rule: 'extreme_mode', outcome: 'reject', input: multiplier, added: 0, threshold: 1, maxQty: 0 };
  const maxQty = allowedQty * factor;
  // a request that is not a number is refused by the sizing minimum, under its own name
  return { rule: 'extreme_mode', outcome: 'pass', input: factor, added: 0, threshold: 1, maxQty: Number.isNaN(maxQty) ? Infinity : maxQty };
}
