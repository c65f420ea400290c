import { runBackup, type BackupOutcome } from '@/adapters/backup/pg-backup';
import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { isBackupDue } from '@/domain/backup/is-backup-due';

export interface BackupScheduleOptions {
  databaseUrl: string;
  /** absolute BACKUP_DIR */
  directory: string;
  retention: number;
  /** BACKUP_INTERVAL_DAYS: back up when the newest good backup is this old; 0 turns the schedule off */
  intervalDays: number;
  /** OPS_TIME_ZONE ?? DAY_TIME_ZONE */
  opsTimeZone: string;
  workerId: string;
  now: () => Date;
  /** how often the schedule looks (an hour) */
  checkEveryMs?: number;
}

const HOUR_MS = 3_600_000;

/** The newest backup that was dumped and passed its restore check. */
async function newestGoodBackupAt(db: Db): Promise<Date | null> {
  const b = await db.backup.findFirst({ where: { status: 'SUCCEEDED', verification: { path: ['ok'], equals: true } }, orderBy: { startedAt: 'desc' }, select: { startedAt: true } });
  return b?.startedAt ?? null;
}

function logOutcome(log: Logger, r: BackupOutcome) {
  const c = { component: 'backup' };
  if (r.status === 'busy' || r.status === 'not_due') return log.debug({ ...c, status: r.status }, 'scheduled backup skipped');
  if (r.status === 'FAILED') return log.warn({ ...c, backupId: r.backup.id, err: r.error }, 'scheduled backup failed');
  const fields = { ...c, backupId: r.backup.id, fileName: r.backup.fileName, sizeBytes: Number(r.backup.sizeBytes), pruned: r.pruned, pruneErrors: r.pruneErrors };
  if (!r.verification.ok) return log.warn({ ...fields, verification: r.verification }, 'scheduled backup written but its restore check failed');
  log.info(fields, 'scheduled backup done and restore-verified');
}

/**
 * The worker's scheduled backup: at start and every hour, when the newest good backup is
 * BACKUP_INTERVAL_DAYS old (or there is none), run the shared backup (dump, restore check,
 * retention, BACKUP_FAILED alert raised or resolved). pg_dump and pg_restore are child
 * processes awaited asynchronously, so trading carries on; the backup lock and a second
 * look under it let one worker of several do it. Stopping kills a backup in progress,
 * which is then recorded as interrupted.
 */
export function startBackupSchedule(db: Db, log: Logger, o: BackupScheduleOptions) {
  if (o.intervalDays <= 0) {
    log.info({ component: 'backup' }, 'scheduled backups off (BACKUP_INTERVAL_DAYS=0)');
    return { check: async () => undefined, stop: async () => undefined };
  }
  const abort = new AbortController();
  const isDue = async () => isBackupDue(await newestGoodBackupAt(db), o.now(), o.intervalDays);
  let running: Promise<void> | null = null;
  const check = (): Promise<void> => {
    running ??= (async () => {
      try {
        if (!(await isDue())) return;
        log.info({ component: 'backup', directory: o.directory }, 'scheduled backup starting');
        logOutcome(log, await runBackup(db, {
          databaseUrl: o.databaseUrl, directory: o.directory, retention: o.retention, kind: 'scheduled', createdBy: `worker:${o.workerId}`,
          opsTimeZone: o.opsTimeZone, now: o.now, signal: abort.signal, isDue,
        }));
      } catch (e) {
        if (!abort.signal.aborted) log.warn({ component: 'backup', err: (e as Error).message }, 'scheduled backup check failed; will retry');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void check(), o.checkEveryMs ?? HOUR_MS);
  void check();
  return {
    /** look now (tests; the timer does it hourly) */
    check,
    async stop() {
      clearInterval(timer);
      abort.abort();
      await running;
    },
  };
}
