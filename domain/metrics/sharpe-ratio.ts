import { isNegligibleDeviation } from './is-negligible-deviation';
import { mean } from './mean';

/**
 * Annualised Sharpe ratio of daily returns with a risk-free rate of 0:
 * mean / sample standard deviation (n - 1, as pandas and quantstats) × √periodsPerYear.
 * 365 periods by default because crypto trades every calendar day.
 * Returns 0, not NaN or Infinity, when it is undefined: fewer than two returns, or no
 * variation at all (flat equity, or constant returns).
 */
export function sharpeRatio(returns: readonly number[], periodsPerYear = 365): number {
  if (returns.length < 2) return 0;
  const m = mean(returns);
  let squares = 0;
  for (const r of returns) squares += (r - m) ** 2;
  const deviation = Math.sqrt(squares / (returns.length - 1));
  if (isNegligibleDeviation(deviation, returns)) return 0;
  return (m / deviation) * Math.sqrt(periodsPerYear);
}
