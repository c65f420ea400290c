/**
 * MONITOR's delay before its next pass: the extreme-mode interval while extreme market mode
 * is on (the mission's "increase monitoring frequency"), else the normal one. Never slower
 * than normal, whatever the two settings are.
 */
export function monitorIntervalMs(isExtremeMode: boolean, o: { normalMs: number; extremeMs: number }): number {
  return isExtremeMode ? Math.min(o.normalMs, o.extremeMs) : o.normalMs;
}
