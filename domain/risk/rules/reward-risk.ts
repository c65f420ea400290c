import { isBelow } from '../rounding';
import { gate } from './check';
import type { EntryContext } from './entry-context';

/**
 * Reward:risk after fees ≥ 1.5: reward = distance to target minus fees on entry and
 * exit at the target; risk = distance to stop plus fees on entry and exit at the stop.
 * A missing target, or one on the wrong side, gives a ratio of 0.
 */
export function checkRewardRisk(c: EntryContext) {
  const { targetPrice, entryPrice, side } = c.intent;
  const fee = c.market.feeRate;
  let ratio = 0;
  if (targetPrice !== null && Number.isFinite(targetPrice) && c.perUnitRisk > 0) {
    const distance = side === 'LONG' ? targetPrice - entryPrice : entryPrice - targetPrice;
    const reward = distance - (entryPrice + targetPrice) * fee;
    ratio = reward > 0 ? reward / c.perUnitRisk : 0;
  }
  return gate('reward_risk', !isBelow(ratio, c.limits.minRewardRisk), ratio, c.limits.minRewardRisk);
}
