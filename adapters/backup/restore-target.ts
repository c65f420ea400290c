import pg from 'pg';
import type { RowCounts } from '@/domain/backup/backup-verification';
import { workerLiveness } from '@/domain/workers/worker-liveness';
import { countRows, databaseName, urlForDatabase, withClient } from './row-counts';

export interface RestoreTarget {
  isExisting: boolean;
  rowCounts: RowCounts;
  totalRows: number;
  /** workers whose heartbeat is fresh: they hold state from before a restore */
  liveWorkers: string[];
}

/** What a restore would overwrite: whether the database exists, its rows, and the workers running against it. */
export async function inspectRestoreTarget(databaseUrl: string, now: Date): Promise<RestoreTarget> {
  const name = databaseName(databaseUrl);
  const isExisting = await withClient(urlForDatabase(databaseUrl, 'postgres'), async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1);
  if (!isExisting) return { isExisting, rowCounts: {}, totalRows: 0, liveWorkers: [] };
  return withClient(databaseUrl, async (c) => {
    const rowCounts = await countRows(c);
    const beats = rowCounts.WorkerHeartbeat
      ? (await c.query<{ workerId: string; lastBeatAt: Date; isStopping: boolean }>('SELECT "workerId", "lastBeatAt", "isStopping" FROM "WorkerHeartbeat"')).rows
      : [];
    return {
      isExisting, rowCounts, totalRows: Object.values(rowCounts).reduce((n, x) => n + x, 0),
      liveWorkers: beats.filter((w) => workerLiveness(w, now) === 'alive').map((w) => w.workerId),
    };
  });
}

export async function createDatabase(databaseUrl: string) {
  await withClient(urlForDatabase(databaseUrl, 'postgres'), (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(databaseName(databaseUrl))}`));
}
