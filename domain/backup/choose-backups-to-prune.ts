export interface RetainedBackup {
  id: string;
  startedAt: Date;
  /** the restore check passed */
  isVerified: boolean;
}

/**
 * The successful backups retention deletes: all but the newest `retention`. The newest
 * verified backup is never among them, so a run of dumps that fail their restore check
 * cannot push the last one known to restore off the disk.
 */
export function chooseBackupsToPrune<B extends RetainedBackup>(successful: readonly B[], retention: number): B[] {
  const newestFirst = [...successful].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime() || b.id.localeCompare(a.id));
  const newestVerified = newestFirst.find((b) => b.isVerified);
  return newestFirst.slice(Math.max(retention, 0)).filter((b) => b !== newestVerified);
}
