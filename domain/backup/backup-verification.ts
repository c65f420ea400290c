import { z } from 'zod';

/** Rows per table, by table name: what a backup recorded at dump time and what a restore produced. */
export const rowCountsSchema = z.record(z.string(), z.number().int().min(0));
export type RowCounts = z.infer<typeof rowCountsSchema>;

/**
 * Backup.verification: the restore check's result. The backup was restored into a scratch
 * database, its tables counted and compared with the counts taken in the dump's own
 * snapshot; ok only when every table matches. `error` says why a restore did not finish.
 */
export const backupVerificationSchema = z.object({
  ok: z.boolean(),
  scratchDatabase: z.string(),
  restoredCounts: rowCountsSchema,
  differences: z.array(z.object({ table: z.string(), dumped: z.number().nullable(), restored: z.number().nullable() })),
  error: z.string().optional(),
});
export type BackupVerification = z.infer<typeof backupVerificationSchema>;
