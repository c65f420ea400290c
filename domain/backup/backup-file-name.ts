/**
 * The file a backup of `database` taken at `at` is written to:
 * `<database>_<UTC time to the millisecond>.dump`, e.g. `sentinel_2026-11-25T12-00-00-000Z.dump`.
 * The database name keeps dumps of several databases in one folder apart; colons and the
 * dot are replaced so the name is valid on every file system and sorts by time.
 */
export function backupFileName(database: string, at: Date): string {
  const safeName = database.replace(/[^A-Za-z0-9_-]/g, '_') || 'database';
  return `${safeName}_${at.toISOString().replace(/[:.]/g, '-')}.dump`;
}
