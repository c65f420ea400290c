import type { Db } from '@/adapters/db/client';
import { periodAt } from '@/domain/ops/periods';
import type { OpsTaskKey } from '@/domain/ops/tasks';

/** The Operations page's weekly "backups" task. */
export const BACKUP_TASK_KEY: OpsTaskKey = 'weekly.backups';

/**
 * Tick this ISO week's backups task (the Operations page's period, Monday 00:00 in the
 * operations time zone) as done by the system, with the backup as evidence.
 * The first verified backup of a week stands; later ones leave the row as it is.
 */
export async function recordBackupTask(db: Db, backup: { id: string; fileName: string; sizeBytes: number }, o: { timeZone: string; now: Date }) {
  await db.opsTaskRun.createMany({
    data: [{
      taskKey: BACKUP_TASK_KEY, periodStart: periodAt('weekly', o.now, o.timeZone).start, doneAt: o.now, actorLabel: 'system', isAutomatic: true,
      evidence: { backupId: backup.id, fileName: backup.fileName, sizeBytes: backup.sizeBytes, verified: true },
    }],
    skipDuplicates: true,
  });
}
