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

/**
 * The division's float error grows with the number of steps (0.59637254 / 1e-8 is
 * 59637253.99999999), so the slack that keeps an exact multiple on its step is relative
 * to the count: 1e-15 of it (a few float64 ulps), at least 1e-9 of a step. More would
 * round up past the input at 1e11 steps; less would drop a step on exact multiples.
 */
const slack = (steps: number) => Math.max(1e-9, Math.abs(steps) * 1e-15);

/** Largest multiple of `step` not above `qty` (step counts as integers: no 0.30000000000000004). Idempotent. */
export function floorToStep(qty: number, step: number): number {
  if (!(qty > 0)) return 0;
  if (!(step > 0)) return qty;
  const x = qty / step;
  const steps = Math.floor(x + slack(x));
  return Number((steps * step).toPrecision(15));
}

/** Smallest multiple of `step` not below `value` (a computed risk never rounds down). */
export function ceilToStep(value: number, step: number): number {
  if (!(step > 0)) return value;
  const x = value / step;
  const steps = Math.ceil(x - slack(x));
  return Number((steps * step).toPrecision(15));
}
