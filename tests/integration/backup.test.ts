import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBackup, type BackupRunOptions } from '@/adapters/backup/pg-backup';
import { countRows, withClient } from '@/adapters/backup/row-counts';
import { createLogger } from '@/adapters/logging/logger';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { raiseAlert } from '@/adapters/repo/alerts';
import { appendAuditNow } from '@/adapters/repo/audit-log';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { periodAt } from '@/domain/ops/periods';
import { PaperRunner } from '@/worker/paper/paper-runner';
import { startBackupSchedule } from '@/worker/ops/backup-schedule';
import { callerAs, seedUsers } from '../support/callers';
import { createTestDb, type TestDb } from '../support/test-db';
import { startWorker, waitFor, waitForHeartbeat } from '../support/worker-process';
import { ROOT } from '../support/test-postgres';

const exec = promisify(execFile);
const HOUR = 3_600_000;
const log = createLogger('test', 'silent');
const FILES = ['data/binance_BTCUSDT_1h.csv.gz', 'data/binance_ETHUSDT_1h.csv.gz'].map((f) => path.join(ROOT, f));

/** Rows in many tables: base data, users, a month of paper trading (orders, fills, positions, journal, equity), an alert, audit rows, a heartbeat. */
async function seed(t: TestDb) {
  const now = new Date('2026-01-01T00:00:00Z');
  const { account } = await ensureBaseData(t.db, { now, capitalAllocationCap: 1 });
  const users = await seedUsers(t.db);
  const from = Date.parse('2024-01-01T00:00:00Z');
  const feed = { files: FILES, series: FILES.map((f) => loadCandlesCsv(f, { fromMs: from, toMs: from + 30 * 24 * HOUR })), timeframeMs: HOUR };
  const cfg = defaultBacktestConfig({ equity: 500, lockReviewHours: null, strategies: [{ name: 'ema_cross', params: { fast: 10, slow: 30, atrStop: 2, rewardRisk: 2 } }] });
  const runner = await PaperRunner.open(t.db, { accountId: account.id, exchange: 'binance', feed, speed: 3600, start: new Date(from - 1), cfg, workerLabel: 'worker:test', maxStepsPerTick: 1000 }, now);
  for (let wall = now.getTime(); !runner.isDone;) await runner.tick(new Date(wall += 1000 * HOUR));
  await raiseAlert(t.db, { severity: 'INFO', code: 'TEST_ALERT', message: 'seeded' }, now);
  await appendAuditNow(t.db, { actorLabel: 'test', action: 'test.seeded', details: { n: 1 } }, now);
  await t.db.workerHeartbeat.create({ data: { workerId: 'w1', hostname: 'h', pid: 1, mode: 'PAPER', version: '0', startedAt: now, lastBeatAt: now, details: {} } });
  return users;
}

async function publicTables(url: string) {
  return withClient(url, async (c) => (await c.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t));
}

const runCli = (script: string, args: string[], databaseUrl: string) =>
  exec(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [script, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl } })
    .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);

describe('database backups: pg_dump, restore check, retention, alerts', () => {
  let t: TestDb;
  let fresh: TestDb;
  let dir: string;
  let users: Awaited<ReturnType<typeof seedUsers>>;
  const backupItem = async () => (await callerAs(t.db, users.VIEWER).checklist.get()).items.find((i) => i.key === 'ops.backup');
  const options = (o: Partial<BackupRunOptions> = {}): BackupRunOptions => ({
    databaseUrl: t.url, directory: dir, retention: 8, kind: 'manual', createdBy: 'test', opsTimeZone: 'Europe/Zurich', now: () => new Date(), ...o,
  });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-backups-'));
    [t, fresh] = await Promise.all([createTestDb('backup'), createTestDb('backup_restore', { isEmpty: true })]);
    users = await seed(t);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([t?.drop(), fresh?.drop()]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the checklist says so while there is no backup yet', async () => {
    expect(await backupItem()).toMatchObject({ status: 'failed', evidence: expect.stringMatching(/^no backup yet/) });
  });

  it('a backup restores into a fresh database with every table\'s row count intact, _prisma_migrations included', async () => {
    const tables = await publicTables(t.url);
    const seeded = await withClient(t.url, countRows);
    const nonEmpty = Object.entries(seeded).filter(([, n]) => n > 0).map(([k]) => k);
    expect(nonEmpty).toEqual(expect.arrayContaining(['_prisma_migrations', 'TradingAccount', 'Stage', 'RiskState', 'User', 'Order', 'Fill', 'Position', 'JournalEntry', 'EquitySnapshot', 'PaperReplay', 'Alert', 'AuditLog', 'WorkerHeartbeat']));

    const r = await runBackup(t.db, options());
    if (r.status !== 'SUCCEEDED') throw new Error(`backup ${r.status}: ${'error' in r ? r.error : ''}`);
    expect(r.verification).toMatchObject({ ok: true, differences: [] });
    expect(Object.keys(r.verification.restoredCounts).sort()).toEqual([...tables].sort());
    const row = await t.db.backup.findUniqueOrThrow({ where: { id: r.backup.id } });
    expect(row).toMatchObject({ status: 'SUCCEEDED', kind: 'manual', createdBy: 'test', directory: dir, error: null, prunedAt: null });
    expect(row.verifiedAt).not.toBeNull();
    expect(Number(row.sizeBytes)).toBe(fs.statSync(r.file).size);
    expect(fs.statSync(r.file).mode & 0o777).toBe(0o600);
    // counted in the dump's snapshot, which precedes the backup's own row
    expect(row.rowCounts).toEqual(seeded);
    expect(fs.readdirSync(dir)).toEqual([row.fileName]);
    expect(await t.db.$queryRawUnsafe<unknown[]>(`SELECT datname FROM pg_database WHERE datname LIKE 'sentinel_verify_%'`)).toEqual([]);

    // npm run restore into a fresh, empty database: every table of the public schema comes back with its rows
    const restored = await runCli('scripts/restore.ts', [r.file, '--into', fresh.url], t.url);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/restored; rows per table:/);
    expect(await publicTables(fresh.url)).toEqual(tables);
    expect(await withClient(fresh.url, countRows)).toEqual(seeded);
    expect(restored.stdout).toMatch(new RegExp(`JournalEntry\\s+${seeded.JournalEntry}\\n`));

    // the week's backups task is ticked by the system, with the backup as evidence
    const task = await t.db.opsTaskRun.findFirstOrThrow({ where: { taskKey: 'weekly.backups' } });
    expect(task).toMatchObject({ isAutomatic: true, actorLabel: 'system', periodStart: periodAt('weekly', task.doneAt, 'Europe/Zurich').start });
    expect(task.periodStart.toLocaleString('en-GB', { timeZone: 'Europe/Zurich', weekday: 'short', hour: '2-digit', minute: '2-digit' })).toBe('Mon 00:00');
    expect(task.evidence).toEqual({ backupId: row.id, fileName: row.fileName, sizeBytes: Number(row.sizeBytes), verified: true });
  }, 120_000);

  it('the checklist verifies the newest backup with its file, age, size and restored row counts', async () => {
    const newest = await t.db.backup.findFirstOrThrow({ where: { status: 'SUCCEEDED' }, orderBy: { startedAt: 'desc' } });
    const tables = (await publicTables(t.url)).length;
    expect(await backupItem()).toMatchObject({
      status: 'verified', evidence: expect.stringMatching(new RegExp(`^${newest.fileName.replace(/[.]/g, '\\.')}, \\d+ min old, [\\d.]+ (KB|MB); restore verified: ${tables} tables, \\d+ rows round-tripped \\(\\w+ \\d+, `)),
    });
  });

  it('counts and dump share one snapshot: rows written during the backup are in neither, and the check still matches', async () => {
    const accountId = (await t.db.tradingAccount.findFirstOrThrow()).id;
    let isWriting = true;
    let written = 0;
    const writer = (async () => {
      while (isWriting) {
        await t.db.journalEntry.create({ data: { accountId, at: new Date(), kind: 'SYSTEM', message: 'written during the backup', details: {} } });
        written++;
      }
    })();
    try {
      const r = await runBackup(t.db, options());
      expect(r.status).toBe('SUCCEEDED');
      if (r.status === 'SUCCEEDED') expect(r.verification).toMatchObject({ ok: true, differences: [] });
    } finally {
      isWriting = false;
      await writer;
    }
    expect(written).toBeGreaterThan(0);
  }, 120_000);

  it('npm run restore refuses to replace a database holding rows without --yes, and replaces it with --yes', async () => {
    const file = (await t.db.backup.findFirstOrThrow({ where: { status: 'SUCCEEDED' }, orderBy: { startedAt: 'asc' } })).fileName;
    await fresh.db.user.deleteMany();
    const refused = await runCli('scripts/restore.ts', [path.join(dir, file), '--into', fresh.url], t.url);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/holds \d+ rows in \d+ tables: the restore replaces them.*\n.*--yes/s);
    expect(await fresh.db.user.count()).toBe(0);
    const done = await runCli('scripts/restore.ts', [path.join(dir, file), '--into', fresh.url, '--yes'], t.url);
    expect(done.code, done.stderr).toBe(0);
    expect(await fresh.db.user.count()).toBe(3);
    const checked = await runCli('scripts/restore.ts', [path.join(dir, file), '--check'], t.url);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/scratch database sentinel_verify_[0-9a-f]+ \(dropped afterwards\)/);
  }, 120_000);

  it('retention keeps the newest BACKUP_RETENTION files, deletes the older ones and marks them pruned', async () => {
    const before = await t.db.backup.findMany({ where: { status: 'SUCCEEDED' }, orderBy: { startedAt: 'asc' } });
    expect(before).toHaveLength(2);
    const third = await runBackup(t.db, options({ retention: 2 }));
    expect(third.status === 'SUCCEEDED' && third.pruned).toEqual([before[0]!.fileName]);
    const fourth = await runBackup(t.db, options({ retention: 2 }));
    expect(fourth.status === 'SUCCEEDED' && fourth.pruned).toEqual([before[1]!.fileName]);
    const rows = await t.db.backup.findMany({ where: { status: 'SUCCEEDED' }, orderBy: { startedAt: 'asc' } });
    expect(rows.map((b) => b.prunedAt !== null)).toEqual([true, true, false, false]);
    expect(fs.readdirSync(dir).sort()).toEqual(rows.slice(2).map((b) => b.fileName).sort());
  }, 120_000);

  it('a failing pg_dump marks the backup FAILED with its error and raises BACKUP_FAILED; the next good backup resolves it', async () => {
    // node-postgres ignores the unknown parameter; libpq (pg_dump) refuses it
    const r = await runBackup(t.db, options({ databaseUrl: `${t.url}?sentinel_bad_parameter=1` }));
    expect(r.status).toBe('FAILED');
    const row = await t.db.backup.findFirstOrThrow({ where: { status: 'FAILED' } });
    expect(row.error).toMatch(/^pg_dump exited with code 1: .*invalid URI query parameter: "sentinel_bad_parameter"/);
    expect(row.finishedAt).not.toBeNull();
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
    const alert = await t.db.alert.findFirstOrThrow({ where: { code: 'BACKUP_FAILED' } });
    expect(alert).toMatchObject({ severity: 'WARNING', status: 'OPEN', message: expect.stringContaining('invalid URI query parameter') });

    expect((await runBackup(t.db, options({ retention: 2 }))).status).toBe('SUCCEEDED');
    expect(await t.db.alert.findUniqueOrThrow({ where: { id: alert.id } })).toMatchObject({ status: 'RESOLVED' });
  }, 120_000);

  it('a backup left RUNNING by a process that died is cleaned up by the next one: files removed, scratch database dropped, marked FAILED', async () => {
    const fileName = 'sentinel_died.dump';
    const scratch = 'sentinel_verify_deadbeef0000';
    fs.writeFileSync(path.join(dir, fileName), 'complete but never verified');
    fs.writeFileSync(path.join(dir, `${fileName}.partial`), 'half');
    await t.db.$executeRawUnsafe(`CREATE DATABASE ${scratch}`);
    const orphan = await t.db.backup.create({ data: { fileName, directory: dir, kind: 'scheduled', status: 'RUNNING', startedAt: new Date(), createdBy: 'worker:gone',
      verification: { ok: false, scratchDatabase: scratch, restoredCounts: {}, differences: [], error: 'restore check in progress' } } });
    expect((await runBackup(t.db, options({ retention: 2 }))).status).toBe('SUCCEEDED');
    expect(await t.db.backup.findUniqueOrThrow({ where: { id: orphan.id } })).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/^interrupted/) });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('sentinel_died'))).toEqual([]);
    expect(await t.db.$queryRawUnsafe<unknown[]>(`SELECT 1 FROM pg_database WHERE datname = '${scratch}'`)).toEqual([]);
  }, 120_000);

  it('the worker\'s schedule backs up when due, once across workers (advisory lock), and not again until the interval has passed', async () => {
    await t.db.backup.deleteMany();
    const schedule = (workerId: string) => startBackupSchedule(t.db, log, {
      databaseUrl: t.url, directory: dir, retention: 2, intervalDays: 7, opsTimeZone: 'UTC', workerId, now: () => new Date(), checkEveryMs: 3_600_000,
    });
    const [a, b] = [schedule('a'), schedule('b')];
    try {
      await Promise.all([a.check(), b.check()]);
      const rows = await t.db.backup.findMany();
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: 'scheduled', status: 'SUCCEEDED', createdBy: expect.stringMatching(/^worker:[ab]$/) });
      await a.check();
      expect(await t.db.backup.count()).toBe(1);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    const off = startBackupSchedule(t.db, log, { databaseUrl: t.url, directory: dir, retention: 2, intervalDays: 0, opsTimeZone: 'UTC', workerId: 'c', now: () => new Date() });
    await off.check();
    await off.stop();
    expect(await t.db.backup.count()).toBe(1);
  }, 120_000);
});

describe('the checklist item "Backups in place" reads the Backup table', () => {
  let t: TestDb;
  let viewer: Awaited<ReturnType<typeof seedUsers>>['VIEWER'];
  beforeAll(async () => {
    t = await createTestDb('backup_check');
    await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 });
    viewer = (await seedUsers(t.db)).VIEWER;
  }, 60_000);
  afterAll(async () => { await t?.drop(); });

  const item = async () => (await callerAs(t.db, viewer).checklist.get()).items.find((i) => i.key === 'ops.backup')!;
  const verification = (ok: boolean, extra: object = {}) => ({ ok, scratchDatabase: 'sentinel_verify_0', restoredCounts: { User: 3, _prisma_migrations: 9 }, differences: [], ...extra });
  const add = (daysAgo: number, v: object, status: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED') => t.db.backup.create({ data: {
    fileName: `sentinel_${daysAgo}d.dump`, directory: '/backups', kind: 'scheduled', status, startedAt: new Date(Date.now() - daysAgo * 86_400_000), sizeBytes: 2_500_000,
    rowCounts: { User: 3, _prisma_migrations: 9 }, verification: v, verifiedAt: new Date(), createdBy: 'test',
  } });

  it('no backup, one too old, one that did not restore: each fails and says what is missing; a young verified one passes', async () => {
    await add(1, {}, 'FAILED'); // a failed attempt is not a backup
    expect(await item()).toMatchObject({ status: 'failed', evidence: expect.stringMatching(/^no backup yet: run npm run backup/) });

    await add(8, verification(true));
    expect(await item()).toMatchObject({ status: 'failed', evidence: 'newest backup sentinel_8d.dump: it is 8.0 days old, needs to be younger than 7 days (npm run backup)' });

    await add(2, verification(false, { differences: [{ table: 'User', dumped: 3, restored: 2 }], restoredCounts: { User: 2, _prisma_migrations: 9 } }));
    expect(await item()).toMatchObject({ status: 'failed', evidence: 'newest backup sentinel_2d.dump: its restore check failed: row counts differ (User 3 dumped, 2 restored)' });

    await add(1, verification(false, { error: 'pg_restore exited with code 1: pg_restore: error: could not read input file' }));
    expect((await item()).evidence).toBe('newest backup sentinel_1d.dump: its restore check failed: pg_restore exited with code 1: pg_restore: error: could not read input file');

    await add(0.5, verification(true));
    expect(await item()).toMatchObject({ status: 'verified', evidence: 'sentinel_0.5d.dump, 12.0 h old, 2.4 MB; restore verified: 2 tables, 12 rows round-tripped (_prisma_migrations 9, User 3…)' });
  });
});

describe('the worker runs the scheduled backup', () => {
  it('a worker started with no backup on record backs up at once into BACKUP_DIR and goes on running', async () => {
    const t = await createTestDb('backup_worker');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-worker-backups-'));
    const worker = startWorker(t.url, { BACKUP_INTERVAL_DAYS: '7', BACKUP_DIR: dir, BACKUP_RETENTION: '3' });
    try {
      await waitForHeartbeat(t.db, worker.workerId);
      const backup = await waitFor('a scheduled backup', () => t.db.backup.findFirst({ where: { status: { not: 'RUNNING' } } }), 60_000);
      expect(backup, worker.output()).toMatchObject({ status: 'SUCCEEDED', kind: 'scheduled', createdBy: `worker:${worker.workerId}`, directory: dir });
      expect(backup.verification).toMatchObject({ ok: true, differences: [] });
      expect(fs.readdirSync(dir)).toEqual([backup.fileName]);
      // the worker is still alive and beating after it
      await waitForHeartbeat(t.db, worker.workerId, new Date());
    } finally {
      expect(await worker.stop()).toBe(0);
      await t.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
