import { withClient } from './row-counts';

/** Arbitrary, unique to backups (the audit chain uses 7_261_001, first-run data 7_261_002). */
const BACKUP_LOCK_KEY = 7_261_090;

/**
 * Run `fn` while holding the database's backup lock: a session advisory lock on a
 * connection of its own, so it lasts as long as the backup (minutes) without holding a
 * transaction, and goes with the connection if the process dies. Returns undefined when
 * another process (a worker, npm run backup) holds it.
 */
export async function withBackupLock<T>(databaseUrl: string, fn: () => Promise<T>): Promise<T | undefined> {
  return withClient(databaseUrl, async (c) => {
    const r = await c.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [BACKUP_LOCK_KEY]);
    if (!r.rows[0]?.locked) return undefined;
    try {
      return await fn();
    } finally {
      await c.query('SELECT pg_advisory_unlock($1)', [BACKUP_LOCK_KEY]).catch(() => undefined);
    }
  });
}
