import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/adapters/db/client';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { backupFileName } from '@/domain/backup/backup-file-name';
import type { BackupVerification } from '@/domain/backup/backup-verification';
import type { Backup } from '@/generated/prisma/client';
import { applyRetention } from './apply-retention';
import { withBackupLock } from './backup-lock';
import { dumpDatabase } from './dump-database';
import { recordBackupTask } from './record-backup-task';
import { dropScratchDatabase } from './restore-archive';
import { databaseName } from './row-counts';
import { verifyBackup } from './verify-backup';

/** The alert a failed backup or restore check raises; the next verified backup resolves it. */
export const BACKUP_FAILED_DEDUP_KEY = 'global:BACKUP_FAILED';

export interface BackupRunOptions {
  databaseUrl: string;
  /** absolute folder the dump is written to */
  directory: string;
  /** successful backups kept on disk */
  retention: number;
  kind: 'manual' | 'scheduled';
  /** who asked: `cli:<user>` or `worker:<id>` */
  createdBy: string;
  /** OPS_TIME_ZONE ?? DAY_TIME_ZONE: the week of the Operations task this backup ticks */
  opsTimeZone: string;
  now: () => Date;
  /** stops pg_dump / pg_restore (worker shutdown); the backup is then marked interrupted */
  signal?: AbortSignal;
  /** asked under the lock: false skips the backup (another worker has just made one) */
  isDue?: () => Promise<boolean>;
}

export type BackupOutcome =
  | { status: 'busy' }
  | { status: 'not_due' }
  | { status: 'SUCCEEDED'; backup: Backup; file: string; verification: BackupVerification; pruned: string[]; pruneErrors: string[] }
  | { status: 'FAILED'; backup: Backup; error: string };

/**
 * One backup, start to end, under the backup lock: record it RUNNING, dump in one snapshot
 * with its row counts, restore it into a scratch database and compare, then mark it
 * SUCCEEDED (with the restore check's result) or FAILED (with the error), apply retention,
 * and raise or resolve the BACKUP_FAILED alert. A verified backup also ticks the week's
 * backups task on the Operations page. `busy` when another backup is running, `not_due`
 * when `isDue` said no.
 */
export async function runBackup(db: Db, o: BackupRunOptions): Promise<BackupOutcome> {
  const outcome = await withBackupLock(o.databaseUrl, async () => {
    await recoverInterrupted(db, o.databaseUrl, o.now());
    if (o.isDue && !(await o.isDue())) return { status: 'not_due' as const };
    return backupLocked(db, o);
  });
  return outcome ?? { status: 'busy' };
}

async function backupLocked(db: Db, o: BackupRunOptions): Promise<BackupOutcome> {
  const startedAt = o.now();
  const fileName = backupFileName(databaseName(o.databaseUrl), startedAt);
  const file = path.join(o.directory, fileName);
  const fields = { fileName, directory: o.directory, kind: o.kind, startedAt, createdBy: o.createdBy };
  // the row is written once the dump's snapshot is taken, so no dump holds its own backup
  // RUNNING: a database restored from it never mistakes that for a backup that died midway
  let rowId: string | undefined;
  const onSnapshot = async () => { rowId = (await db.backup.create({ data: { ...fields, status: 'RUNNING' } })).id; };
  let verification: BackupVerification;
  let sizeBytes: number;
  try {
    const dump = await dumpDatabase(o.databaseUrl, file, { onSnapshot, signal: o.signal });
    sizeBytes = dump.sizeBytes;
    await db.backup.update({ where: { id: rowId! }, data: { sizeBytes, rowCounts: dump.rowCounts, finishedAt: o.now() } });
    verification = await verifyBackup(db, rowId!, o.databaseUrl, file, dump.rowCounts, o.signal);
  } catch (e) {
    fs.rmSync(file, { force: true });
    const error = o.signal?.aborted ? 'interrupted: the process stopped before the backup finished' : (e as Error).message;
    const data = { status: 'FAILED' as const, error, finishedAt: o.now() };
    const failed = rowId ? await db.backup.update({ where: { id: rowId }, data }) : await db.backup.create({ data: { ...fields, ...data } });
    if (!o.signal?.aborted) {
      await raiseAlert(db, { severity: 'WARNING', code: 'BACKUP_FAILED', dedupKey: BACKUP_FAILED_DEDUP_KEY, message: `Database backup failed: ${error}`, evidence: { backupId: failed.id, fileName, error } }, o.now());
    }
    return { status: 'FAILED', backup: failed, error };
  }
  const now = o.now();
  const backup = await db.backup.update({ where: { id: rowId! }, data: { status: 'SUCCEEDED', verification, verifiedAt: now } });
  const { pruned, errors: pruneErrors } = await applyRetention(db, o.retention, now);
  if (verification.ok) {
    await resolveAlert(db, BACKUP_FAILED_DEDUP_KEY, now);
    await recordBackupTask(db, { id: backup.id, fileName, sizeBytes }, { timeZone: o.opsTimeZone, now });
  } else {
    await raiseAlert(db, {
      severity: 'WARNING', code: 'BACKUP_FAILED', dedupKey: BACKUP_FAILED_DEDUP_KEY,
      message: `Database backup ${fileName} was written but its restore check failed: ${verification.error ?? `${verification.differences.length} table(s) with other row counts after the restore`}`,
      evidence: { backupId: backup.id, fileName, verification },
    }, now);
  }
  return { status: 'SUCCEEDED', backup, file, verification, pruned, pruneErrors };
}

/**
 * RUNNING rows seen while holding the lock belong to a process that died mid-backup (a
 * live one would hold the lock): remove what it left (the partial or unverified file,
 * its scratch database) and mark them FAILED.
 */
async function recoverInterrupted(db: Db, databaseUrl: string, now: Date) {
  const orphans = await db.backup.findMany({ where: { status: 'RUNNING' } });
  for (const b of orphans) {
    const file = path.join(b.directory, b.fileName);
    for (const f of [file, `${file}.partial`]) fs.rmSync(f, { force: true });
    const scratch = (b.verification as { scratchDatabase?: unknown } | null)?.scratchDatabase;
    if (typeof scratch === 'string' && scratch.startsWith('sentinel_verify_')) await dropScratchDatabase(databaseUrl, scratch);
    await db.backup.update({ where: { id: b.id }, data: { status: 'FAILED', error: 'interrupted: the process running it stopped before it finished', finishedAt: now } });
  }
}
