import type { BackupVerification } from './backup-verification';

export const BACKUP_MAX_AGE_DAYS = 7;
const DAY_MS = 86_400_000;

export interface LatestBackup {
  fileName: string;
  startedAt: Date;
  sizeBytes: number | null;
  /** null: no restore check recorded (unparseable counts as failed too) */
  verification: BackupVerification | null;
}

export type BackupAssessment = { isOk: true; evidence: string } | { isOk: false; evidence: string };

export function formatBytes(n: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

export function formatAge(ms: number): string {
  if (ms < 3_600_000) return `${Math.max(0, Math.round(ms / 60_000))} min`;
  if (ms < DAY_MS) return `${(ms / 3_600_000).toFixed(1)} h`;
  return `${(ms / DAY_MS).toFixed(1)} days`;
}

function restoreProblem(v: BackupVerification | null): string | null {
  if (!v) return 'it has no restore check on record';
  if (v.ok) return null;
  if (v.error) return `its restore check failed: ${v.error}`;
  const shown = v.differences.slice(0, 3).map((d) => `${d.table} ${d.dumped ?? 'missing'} dumped, ${d.restored ?? 'missing'} restored`);
  return `its restore check failed: row counts differ (${shown.join('; ')}${v.differences.length > 3 ? `; ${v.differences.length - 3} more` : ''})`;
}

/**
 * The checklist's "Backups in place": the newest successful backup is younger than
 * 7 days and restored into a scratch database with every table's row count intact.
 * Otherwise the evidence names each thing missing.
 */
export function assessLatestBackup(latest: LatestBackup | null, now: Date): BackupAssessment {
  if (!latest) return { isOk: false, evidence: 'no backup yet: run npm run backup, or let the worker back up on its schedule (BACKUP_INTERVAL_DAYS)' };
  const ageMs = now.getTime() - latest.startedAt.getTime();
  const problems: string[] = [];
  if (ageMs >= BACKUP_MAX_AGE_DAYS * DAY_MS) problems.push(`it is ${formatAge(ageMs)} old, needs to be younger than ${BACKUP_MAX_AGE_DAYS} days (npm run backup)`);
  const restore = restoreProblem(latest.verification);
  if (restore) problems.push(restore);
  if (problems.length) return { isOk: false, evidence: `newest backup ${latest.fileName}: ${problems.join('; and ')}` };
  const counts = Object.entries(latest.verification!.restoredCounts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const rows = counts.reduce((n, [, c]) => n + c, 0);
  const largest = counts.slice(0, 3).map(([t, c]) => `${t} ${c}`).join(', ');
  return {
    isOk: true,
    evidence: `${latest.fileName}, ${formatAge(ageMs)} old, ${latest.sizeBytes === null ? 'size unknown' : formatBytes(latest.sizeBytes)}; `
      + `restore verified: ${counts.length} tables, ${rows} rows round-tripped${largest ? ` (${largest}…)` : ''}`,
  };
}
