/**
 * Constant returns (say 0.01 every day) leave a standard deviation of ~1e-18 from float
 * rounding, not 0, and dividing by it would report an absurd ratio. Noise is judged against
 * the size of the returns themselves (1e-9 of the largest), so scaling every return by the
 * same factor never changes the verdict.
 */
export function isNegligibleDeviation(deviation: number, returns: readonly number[]): boolean {
  let largest = 0;
  for (const r of returns) largest = Math.max(largest, Math.abs(r));
  return !(deviation > largest * 1e-9);
}
