export function fmtMoney(v: string | number, currency = 'USDT'): string {
  const n = typeof v === 'string' ? Number(v) : v;
  return `${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;
}

export function fmtSignedMoney(v: string | number, currency = 'USDT'): string {
  const n = typeof v === 'string' ? Number(v) : v;
  return `${n > 0 ? '+' : ''}${fmtMoney(n, currency)}`;
}

export function fmtPct(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function fmtTime(d: Date | null | undefined): string {
  if (!d) return '—';
  return d.toLocaleString('en-GB', { timeZone: 'UTC', hour12: false }) + ' UTC';
}

/** A span of time in words: 42s · 3m 20s · 2h 5m · 3d. */
export function fmtDuration(from: Date, to: Date): string {
  const s = Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d`;
}

export function fmtAgo(d: Date, now: Date): string {
  return `${fmtDuration(d, now)} ago`;
}

/** A price with significant digits that suit its size: 97,012.35 · 3.4567 · 0.00012345. */
export function fmtPrice(v: string | number): string {
  const n = typeof v === 'string' ? Number(v) : v;
  if (!Number.isFinite(n)) return '—';
  const digits = n >= 1000 ? 2 : n >= 1 ? 4 : 8;
  return n.toLocaleString('en-US', { minimumFractionDigits: Math.min(2, digits), maximumFractionDigits: digits });
}

/** Compact UTC time for dense tables: 2025-01-02 11:00 (the column header says UTC). */
export function fmtShortTime(d: Date | null | undefined): string {
  if (!d) return '—';
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** An enum value as words: STOP → "stop", SAFE_MODE → "safe mode"; missing → "—". */
export function fmtEnum(v: string | null | undefined): string {
  return v ? v.toLowerCase().replace(/_/g, ' ') : '—';
}
