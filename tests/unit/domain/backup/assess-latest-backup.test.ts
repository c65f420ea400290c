import { describe, expect, it } from 'vitest';
import { assessLatestBackup, formatAge, formatBytes } from '@/domain/backup/assess-latest-backup';
import type { BackupVerification } from '@/domain/backup/backup-verification';

const T = Date.parse('2026-11-25T12:00:00Z');
const HOUR = 3_600_000;
const ok: BackupVerification = { ok: true, scratchDatabase: 'sentinel_verify_1', restoredCounts: { JournalEntry: 900, Order: 40, User: 3, _prisma_migrations: 12 }, differences: [] };
const latest = (hoursAgo: number, verification: BackupVerification | null = ok) => ({ fileName: 'sentinel_x.dump', startedAt: new Date(T - hoursAgo * HOUR), sizeBytes: 1_572_864, verification });

describe('assessLatestBackup (checklist: Backups in place)', () => {
  const now = new Date(T);

  it('verified: younger than 7 days and restored with every count; the evidence names file, age, size, tables and rows', () => {
    expect(assessLatestBackup(latest(30), now)).toEqual({ isOk: true, evidence: 'sentinel_x.dump, 1.3 days old, 1.5 MB; restore verified: 4 tables, 955 rows round-tripped (JournalEntry 900, Order 40, _prisma_migrations 12…)' });
  });

  it('no backup yet', () => {
    expect(assessLatestBackup(null, now)).toMatchObject({ isOk: false, evidence: expect.stringMatching(/^no backup yet/) });
  });

  it('too old at 7 days exactly', () => {
    expect(assessLatestBackup(latest(7 * 24 - 0.01), now).isOk).toBe(true);
    expect(assessLatestBackup(latest(7 * 24), now)).toEqual({ isOk: false, evidence: 'newest backup sentinel_x.dump: it is 7.0 days old, needs to be younger than 7 days (npm run backup)' });
  });

  it('restore check failed or missing; both problems named when it is also too old', () => {
    const failed = { ...ok, ok: false, differences: [1, 2, 3, 4].map((i) => ({ table: `T${i}`, dumped: i, restored: null })) };
    expect(assessLatestBackup(latest(1, failed), now).evidence).toBe('newest backup sentinel_x.dump: its restore check failed: row counts differ (T1 1 dumped, missing restored; T2 2 dumped, missing restored; T3 3 dumped, missing restored; 1 more)');
    expect(assessLatestBackup(latest(1, null), now).evidence).toBe('newest backup sentinel_x.dump: it has no restore check on record');
    expect(assessLatestBackup(latest(200, { ...ok, ok: false, error: 'boom' }), now).evidence)
      .toBe('newest backup sentinel_x.dump: it is 8.3 days old, needs to be younger than 7 days (npm run backup); and its restore check failed: boom');
  });

  it('formats sizes and ages', () => {
    expect([0, 1023, 1024, 5 * 1024 ** 3].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KB', '5.0 GB']);
    expect([0, 59 * 60_000, 2 * HOUR, 50 * HOUR].map(formatAge)).toEqual(['0 min', '59 min', '2.0 h', '2.1 days']);
  });
});
