/** "expires in 4.2s" · "expired 12s ago": a lease's remaining time against PostgreSQL's clock. */
export function fmtLeaseExpiry(expiresInMs: number): string {
  if (expiresInMs > 0) return `expires in ${fmtSpan(expiresInMs)}`;
  return `expired ${fmtSpan(-expiresInMs)} ago`;
}

/** 850ms · 4.2s · 3m 20s · 2h 5m · 3d: short spans keep a decimal, a lease lives seconds. */
export function fmtSpan(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d`;
}
