const DAY_MS = 86_400_000;

/**
 * Whether the scheduled backup should run: never with an interval of 0 days; otherwise
 * when there is no good backup (dumped and restore-verified) or the newest is at least
 * `intervalDays` old. A failed attempt leaves the newest good one as it was, so the
 * schedule tries again at its next check.
 */
export function isBackupDue(newestGoodAt: Date | null, now: Date, intervalDays: number): boolean {
  if (intervalDays <= 0) return false;
  if (!newestGoodAt) return true;
  return now.getTime() - newestGoodAt.getTime() >= intervalDays * DAY_MS;
}
