/** A latency in µs as people read it: 850 µs · 12.4 ms · 1.25 s. */
export function fmtUs(us: number | null | undefined): string {
  if (us === null || us === undefined) return '—';
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1_000_000) return `${(us / 1000).toFixed(us < 10_000 ? 2 : 1)} ms`;
  return `${(us / 1_000_000).toFixed(2)} s`;
}

/** Requests per minute: 0.4 · 12 · 1,250. */
export function fmtRate(perMinute: number): string {
  return perMinute < 10 ? perMinute.toFixed(1) : Math.round(perMinute).toLocaleString('en-US');
}

/** Above these the System page colours a figure (what an operator should look at, not a trading rule). */
export const SYSTEM_THRESHOLDS = { errorRatio: 0.05, exchangeP99Us: 2_000_000, dbP99Us: 100_000, loopLagP99Us: 100_000, orderSuccess: 0.95 } as const;
