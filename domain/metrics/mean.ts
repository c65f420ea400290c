/** Arithmetic mean; 0 for an empty list, so a metric over no trades reads 0 rather than NaN. */
export function mean(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
