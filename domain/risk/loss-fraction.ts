/**
 * How far equity sits below a reference, as a fraction of it: drawdown from the peak,
 * loss since the day's start. 0 when at or above the reference, or with no reference.
 */
export function lossFraction(reference: number, equity: number): number {
  return reference > 0 ? Math.max(0, (reference - equity) / reference) : 0;
}
