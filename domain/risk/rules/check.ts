import type { RuleCheck, RuleId } from '../types';

/** A yes/no rule's check: passes or rejects, limits no size. */
export function gate(rule: RuleId, isPass: boolean, input: number, threshold: number): RuleCheck {
  return { rule, outcome: isPass ? 'pass' : 'reject', input, added: 0, threshold, maxQty: isPass ? Infinity : 0 };
}

/** A size rule's check: the size it allows; the validator marks it shrink/reject later. */
export function cap(rule: RuleId, maxQty: number, input: number, added: number, threshold: number): RuleCheck {
  return { rule, outcome: maxQty > 0 ? 'pass' : 'reject', input, added, threshold, maxQty: maxQty > 0 ? maxQty : 0 };
}

export const TRADING_STATE_CODE = { ACTIVE: 0, REDUCED: 1, PAUSED: 2, HALTED: 3, LOCKED: 4 } as const;
export const TRADING_STATE_BY_CODE = ['ACTIVE', 'REDUCED', 'PAUSED', 'HALTED', 'LOCKED'] as const;
