/**
 * JSON has no Infinity or NaN (JSON.stringify writes them as null without saying so): make that
 * explicit in the type, so a report reader sees `null` and knows it means "unbounded".
 */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
