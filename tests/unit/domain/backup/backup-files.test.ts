import { describe, expect, it } from 'vitest';
import { backupFileName } from '@/domain/backup/backup-file-name';
import { chooseBackupsToPrune } from '@/domain/backup/choose-backups-to-prune';
import { compareRowCounts } from '@/domain/backup/compare-row-counts';
import { isBackupDue } from '@/domain/backup/is-backup-due';

const DAY = 86_400_000;
const T = Date.parse('2026-11-25T12:00:00Z');

describe('backupFileName', () => {
  it('names the database and the UTC time to the millisecond, with characters every file system accepts', () => {
    expect(backupFileName('sentinel', new Date('2026-11-25T12:03:04.567Z'))).toBe('sentinel_2026-11-25T12-03-04-567Z.dump');
    expect(backupFileName('my db/üx', new Date(T))).toBe('my_db__x_2026-11-25T12-00-00-000Z.dump');
  });

  it('sorts by time as text', () => {
    const names = [T + 1, T + DAY, T, T + 10 * DAY].map((ms) => backupFileName('sentinel', new Date(ms)));
    expect([...names].sort()).toEqual([T, T + 1, T + DAY, T + 10 * DAY].map((ms) => backupFileName('sentinel', new Date(ms))));
  });
});

describe('chooseBackupsToPrune', () => {
  const b = (id: string, daysAgo: number, isVerified = true) => ({ id, startedAt: new Date(T - daysAgo * DAY), isVerified });

  it('keeps the newest `retention`, whatever order they come in, and prunes the rest', () => {
    const all = [b('c', 14), b('a', 0), b('d', 21), b('b', 7)];
    expect(chooseBackupsToPrune(all, 2).map((x) => x.id)).toEqual(['c', 'd']);
    expect(chooseBackupsToPrune(all, 4)).toEqual([]);
    expect(chooseBackupsToPrune(all, 10)).toEqual([]);
  });

  it('never prunes the newest backup that passed its restore check, even when newer ones did not', () => {
    const all = [b('new1', 0, false), b('new2', 1, false), b('good', 7), b('older', 14)];
    expect(chooseBackupsToPrune(all, 2).map((x) => x.id)).toEqual(['older']);
    expect(chooseBackupsToPrune([b('x', 0, false), b('y', 1, false), b('z', 2, false)], 1).map((x) => x.id)).toEqual(['y', 'z']);
  });
});

describe('compareRowCounts', () => {
  it('lists each table whose count differs, and tables present on one side only, by name', () => {
    expect(compareRowCounts({ A: 1, B: 2 }, { B: 2, A: 1 })).toEqual([]);
    expect(compareRowCounts({ B: 2, A: 1, C: 5 }, { A: 1, B: 3, D: 0 })).toEqual([
      { table: 'B', dumped: 2, restored: 3 }, { table: 'C', dumped: 5, restored: null }, { table: 'D', dumped: null, restored: 0 },
    ]);
  });
});

describe('isBackupDue', () => {
  const now = new Date(T);
  it('is due with no good backup, or one at least the interval old; never with interval 0', () => {
    expect(isBackupDue(null, now, 7)).toBe(true);
    expect(isBackupDue(new Date(T - 7 * DAY), now, 7)).toBe(true);
    expect(isBackupDue(new Date(T - 7 * DAY + 1), now, 7)).toBe(false);
    expect(isBackupDue(new Date(T - DAY), now, 1)).toBe(true);
    expect(isBackupDue(null, now, 0)).toBe(false);
    expect(isBackupDue(new Date(T - 365 * DAY), now, 0)).toBe(false);
  });
});
