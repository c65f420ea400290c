/**
 * Rounding is always against the order: quantities down to the step, risk up.
 * Thresholds pass at equality: `isAbove(0.30, 0.30)` is false, `isAbove(0.300001, 0.30)`
 * is true. The relative tolerance (1e-9) only absorbs float64 noise such as
 * 0.1 + 0.2, far below the smallest difference a limit cares about (1e-6 of it).
 */
const REL_TOLERANCE = 1e-9;

export function isAbove(value: number, limit: number): boolean {
  return value > limit + Math.abs(limit) * REL_TOLERANCE;
}

export function isBelow(value: number, limit: number): boolean {
  return value < limit - Math.abs(limit) * REL_TOLERANCE;
}

/** Largest multiple of `step` not above `qty` (step counts as integers: no 0.30000000000000004). */
export function floorToStep(qty: number, step: number): number {
  if (!(qty > 0)) return 0;
  if (!(step > 0)) return qty;
  const steps = Math.floor(qty / step + 1e-9);
  return Number((steps * step).toPrecision(15));
}

/** Smallest multiple of `tick` not below `price` (a computed risk never rounds down). */
export function ceilToStep(value: number, step: number): number {
  if (!(step > 0)) return value;
  const steps = Math.ceil(value / step - 1e-9);
  return Number((steps * step).toPrecision(15));
}
