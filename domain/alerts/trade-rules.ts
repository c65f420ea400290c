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

/** the high-volatility warning clears only once every market is this far under the threshold (no flapping at the edge) */
export const VOLATILITY_CLEAR_MARGIN = 0.1;

export type VolatilityVerdict =
  | { raise: true; markets: { symbol: string; percentile: number }[] }
  | { raise: false; clear: boolean; highest: { symbol: string; percentile: number } | null };

/**
 * WARNING "high volatility": raise while any traded market's volatility percentile is above
 * the threshold (ALERT_VOLATILITY_PERCENTILE); clear once every market is back under the
 * threshold minus the margin; between the two, hold whatever is open. Markets without a
 * percentile yet (too few candles) are left out.
 */
export function volatilityVerdict(markets: readonly { symbol: string; percentile: number | null }[], threshold: number): VolatilityVerdict {
  const known = markets.filter((m): m is { symbol: string; percentile: number } => m.percentile !== null).sort((a, b) => b.percentile - a.percentile);
  const above = known.filter((m) => m.percentile > threshold);
  if (above.length) return { raise: true, markets: above };
  const highest = known[0] ?? null;
  return { raise: false, clear: !highest || highest.percentile < threshold - VOLATILITY_CLEAR_MARGIN, highest };
}
