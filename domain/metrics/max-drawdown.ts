import type { EquityPoint } from './types';

/**
 * Largest peak-to-trough fall of the equity series as a fraction of the peak (0.25 = 25%),
 * each trough measured against the highest equity before it. 0 for an empty, flat or rising
 * series. A non-positive peak has no meaningful fraction and is skipped.
 */
export function maxDrawdown(equity: readonly EquityPoint[]): number {
  let peak = -Infinity;
  let worst = 0;
  for (const { equity: e } of equity) {
    if (e > peak) peak = e;
    if (peak > 0) worst = Math.max(worst, (peak - e) / peak);
  }
  return worst;
}
