import type { Db } from '@/adapters/db/client';
import type { BackupVerification, RowCounts } from '@/domain/backup/backup-verification';
import { compareRowCounts } from '@/domain/backup/compare-row-counts';
import { restoreIntoScratch, scratchDatabaseName } from './restore-archive';

/**
 * The restore check: restore the dump into a scratch database on the same server, count
 * its rows and compare them with the counts taken in the dump's snapshot. The scratch
 * database's name is recorded first, so a run killed midway can have it dropped later.
 * A failure is a result (ok false, with the error); only an abort throws.
 */
export async function verifyBackup(db: Db, backupId: string, databaseUrl: string, file: string, dumped: RowCounts, signal?: AbortSignal): Promise<BackupVerification> {
  const scratchDatabase = scratchDatabaseName();
  const pending: BackupVerification = { ok: false, scratchDatabase, restoredCounts: {}, differences: [], error: 'restore check in progress' };
  await db.backup.update({ where: { id: backupId }, data: { verification: pending } });
  try {
    const restoredCounts = await restoreIntoScratch(databaseUrl, file, scratchDatabase, signal);
    const differences = compareRowCounts(dumped, restoredCounts);
    return { ok: differences.length === 0, scratchDatabase, restoredCounts, differences };
  } catch (e) {
    if (signal?.aborted) throw e;
    return { ok: false, scratchDatabase, restoredCounts: {}, differences: [], error: (e as Error).message };
  }
}
