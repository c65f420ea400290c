/**
 * The alert rules that follow trades (issue 9, "alert engine": rules in code, thresholds in
 * configuration). Pure: the caller passes the account's recent closed trades, newest first.
 */
export interface AlertThresholds {
  /** warning when more than this many trades in a row lost (mission: consecutive losses > 3) */
  maxConsecutiveLosses: number;
}

export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = { maxConsecutiveLosses: 3 };

/** How many of the newest trades lost in a row (a break-even trade ends the run). */
export function consecutiveLosses(pnlNewestFirst: readonly number[]): number {
  let n = 0;
  for (const p of pnlNewestFirst) { if (p < 0) n += 1; else break; }
  return n;
}

export type LossStreakVerdict = { raise: true; streak: number } | { raise: false; streak: number; clear: boolean };

/** Raise while the streak is beyond the threshold; clear once a trade ends it. */
export function lossStreakVerdict(pnlNewestFirst: readonly number[], t: AlertThresholds = DEFAULT_ALERT_THRESHOLDS): LossStreakVerdict {
  const streak = consecutiveLosses(pnlNewestFirst);
  return streak > t.maxConsecutiveLosses ? { raise: true, streak } : { raise: false, streak, clear: streak === 0 };
}
