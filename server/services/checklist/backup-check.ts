import type { Tx } from '@/adapters/db/client';
import { assessLatestBackup, type BackupAssessment } from '@/domain/backup/assess-latest-backup';
import { backupVerificationSchema } from '@/domain/backup/backup-verification';

/**
 * The checklist's "Backups in place", from the Backup table: the newest successful backup,
 * its age and whether its restore check round-tripped every table (a verification that
 * does not parse counts as failed).
 */
export async function checkLatestBackup(tx: Tx, now: Date): Promise<BackupAssessment> {
  const b = await tx.backup.findFirst({ where: { status: 'SUCCEEDED' }, orderBy: { startedAt: 'desc' }, select: { fileName: true, startedAt: true, sizeBytes: true, verification: true } });
  if (!b) return assessLatestBackup(null, now);
  const v = backupVerificationSchema.safeParse(b.verification);
  return assessLatestBackup({ fileName: b.fileName, startedAt: b.startedAt, sizeBytes: b.sizeBytes === null ? null : Number(b.sizeBytes), verification: v.success ? v.data : null }, now);
}
