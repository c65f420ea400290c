/**
 * Throws on a window length that is not a positive integer: a programmer error
 * (strategy parameters are parsed and bounded in config), never a market condition.
 */
export function checkPeriod(period: number, name = 'period'): void {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`${name} must be a positive integer, got ${period}`);
}
