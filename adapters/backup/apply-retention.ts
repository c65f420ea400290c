import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '@/adapters/db/client';
import { backupVerificationSchema } from '@/domain/backup/backup-verification';
import { chooseBackupsToPrune } from '@/domain/backup/choose-backups-to-prune';

export function isVerifiedOk(verification: unknown): boolean {
  const v = backupVerificationSchema.safeParse(verification);
  return v.success && v.data.ok;
}

/**
 * Keep the newest `retention` successful backups on disk (and always the newest one that
 * restored): delete the older files and mark their rows pruned. A file already gone counts
 * as deleted; one that cannot be deleted stays unmarked and is reported.
 */
export async function applyRetention(db: Db, retention: number, now: Date): Promise<{ pruned: string[]; errors: string[] }> {
  const rows = await db.backup.findMany({ where: { status: 'SUCCEEDED', prunedAt: null }, select: { id: true, fileName: true, directory: true, startedAt: true, verification: true } });
  const chosen = chooseBackupsToPrune(rows.map((r) => ({ ...r, isVerified: isVerifiedOk(r.verification) })), retention);
  const pruned: string[] = [];
  const errors: string[] = [];
  for (const b of chosen) {
    const file = path.join(b.directory, b.fileName);
    try {
      fs.rmSync(file, { force: true });
    } catch (e) {
      errors.push(`${file}: ${(e as Error).message}`);
      continue;
    }
    await db.backup.update({ where: { id: b.id }, data: { prunedAt: now } });
    pruned.push(b.fileName);
  }
  return { pruned, errors };
}
