import { isNegligibleDeviation } from './is-negligible-deviation';
import { mean } from './mean';

/**
 * Annualised Sortino ratio of daily returns, target 0: mean / downside deviation × √periodsPerYear.
 * The downside deviation is √(Σ min(r, 0)² / n) over ALL n days, gains counting as 0, not only
 * over the losing days: dividing by the number of losing days would make one bad day in a year
 * look as risky as a bad day every day (quantstats does the same).
 * Returns 0, not NaN or Infinity, when it is undefined: fewer than two returns, or no day
 * below 0 (the ratio would be +Infinity, which is no use for ranking and not valid JSON).
 */
export function sortinoRatio(returns: readonly number[], periodsPerYear = 365): number {
  if (returns.length < 2) return 0;
  let squares = 0;
  for (const r of returns) squares += Math.min(r, 0) ** 2;
  const downside = Math.sqrt(squares / returns.length);
  if (isNegligibleDeviation(downside, returns)) return 0;
  return (mean(returns) / downside) * Math.sqrt(periodsPerYear);
}
