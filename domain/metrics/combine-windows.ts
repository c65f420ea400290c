/**
 * Several one-minute windows of one series (an endpoint over the last hour) as one line
 * of the System page. Windows keep quantiles, not raw samples, so the hour's figures are
 * derived: p50 is the request-weighted median of the minutes' p50s, p99 the worst minute's
 * p99 (pessimistic: one bad minute shows), max the largest seen.
 */
export interface WindowRow { count: number; errors: number; p50Us: number; p99Us: number; maxUs: number }
export interface Combined { count: number; errors: number; perMinute: number; errorRatio: number; p50Us: number; p99Us: number; maxUs: number }

export function combineWindows(rows: readonly WindowRow[], coveredMs: number): Combined {
  let count = 0;
  let errors = 0;
  let p99Us = 0;
  let maxUs = 0;
  for (const r of rows) {
    count += r.count;
    errors += r.errors;
    p99Us = Math.max(p99Us, r.p99Us);
    maxUs = Math.max(maxUs, r.maxUs);
  }
  const byP50 = rows.filter((r) => r.count > 0).slice().sort((a, b) => a.p50Us - b.p50Us);
  let seen = 0;
  let p50Us = 0;
  for (const r of byP50) {
    seen += r.count;
    p50Us = r.p50Us;
    if (seen * 2 >= count) break;
  }
  return { count, errors, perMinute: coveredMs > 0 ? (count * 60_000) / coveredMs : 0, errorRatio: count > 0 ? errors / count : 0, p50Us, p99Us, maxUs };
}
