import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditNow } from '@/adapters/repo/audit-log';
import { verifyPassword } from '@/adapters/auth/password';
import { asSuperuserWithTriggersOff } from '../support/tamper';
import { createTestDb, type TestDb } from '../support/test-db';
import { ROOT } from '../support/test-postgres';

const exec = promisify(execFile);

describe('admin command lines', () => {
  let t: TestDb;
  beforeAll(async () => { t = await createTestDb('cli'); });
  afterAll(async () => { await t.drop(); });

  const run = (script: string, args: string[]) =>
    exec(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [script, ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url } })
      .then((r) => ({ code: 0, ...r }), (e: { code: number; stdout: string; stderr: string }) => e);

  it('npm run user -- create prints a password once and stores only its hash; disable and reset work', async () => {
    const r = await run('scripts/user.ts', ['create', '--email', 'Ops@Example.com', '--role', 'operator']);
    expect(r.code).toBe(0);
    const password = /password: (\S+)/.exec(r.stdout)?.[1];
    expect(password).toHaveLength(20);
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'ops@example.com' } });
    expect(user.role).toBe('OPERATOR');
    expect(await verifyPassword(password!, user.passwordHash)).toBe(true);

    expect((await run('scripts/user.ts', ['disable', '--email', 'ops@example.com'])).code).toBe(0);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).disabledAt).not.toBeNull();
    const reset = await run('scripts/user.ts', ['reset-password', '--email', 'ops@example.com']);
    expect(reset.stdout).toMatch(/new password for ops@example.com/);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).sessionVersion).toBe(3);
  });

  it('refuses bad input with a message naming the field', async () => {
    const bad = await run('scripts/user.ts', ['create', '--email', 'not-an-email', '--role', 'operator']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--email must be an e-mail address/);
    const badRole = await run('scripts/user.ts', ['create', '--email', 'x@example.com', '--role', 'god']);
    expect(badRole.stderr).toMatch(/--role must be one of: VIEWER, OPERATOR, ADMIN/);
    const dup = await run('scripts/user.ts', ['create', '--email', 'ops@example.com', '--role', 'viewer']);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/already exists/);
  });

  it('npm run audit:verify passes on an intact chain and names the first edited row', async () => {
    for (let i = 0; i < 3; i++) await appendAuditNow(t.db, { actorLabel: 'cli-test', action: 'test.row', details: { i } }, new Date());
    const ok = await run('scripts/audit-verify.ts', []);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/audit chain intact: \d+ rows verified/);
    const victim = await t.db.auditLog.findFirstOrThrow({ where: { action: 'test.row' }, orderBy: { seq: 'asc' } });
    await asSuperuserWithTriggersOff(t.db, (tx) => tx.$executeRaw`UPDATE "AuditLog" SET "actorLabel" = 'someone else' WHERE seq = ${victim.seq}`);
    const broken = await run('scripts/audit-verify.ts', []);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`AUDIT CHAIN BROKEN at row ${victim.seq} (edited)`);
  });

  it('npm run account -- add-backup and set-key: a backup account at the primary\'s stage, its key read from the environment and stored encrypted', async () => {
    const { ensureBaseData } = await import('@/adapters/repo/bootstrap');
    const primary = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account;
    const bad = await run('scripts/account.ts', ['add-backup', '--primary', primary.name, '--name', 'Backup', '--url', 'ftp://x', '--equity', '10000']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--url must be a base URL/);
    const r = await run('scripts/account.ts', ['add-backup', '--primary', primary.name, '--name', 'Backup', '--url', 'http://127.0.0.1:9200', '--equity', '10000']);
    expect(r.code).toBe(0);
    const backup = await t.db.tradingAccount.findUniqueOrThrow({ where: { name: 'Backup' }, include: { riskState: true } });
    expect(backup).toMatchObject({ backupOfId: primary.id, apiUrl: 'http://127.0.0.1:9200', kind: 'EXCHANGE' });
    expect(backup.riskState?.stageCapital.toNumber()).toBe(500);
    expect((await run('scripts/account.ts', ['add-backup', '--primary', primary.name, '--name', 'Backup 2', '--url', 'http://127.0.0.1:9201', '--equity', '1'])).stderr).toMatch(/already has a backup/);
    const key = await exec(path.join(ROOT, 'node_modules', '.bin', 'tsx'), ['scripts/account.ts', 'set-key', '--account', 'Backup'], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: t.url, SENTINEL_EXCHANGE_API_KEY: 'backupApiKey12345678', SENTINEL_EXCHANGE_API_SECRET: 'backup-api-secret-1' } });
    expect(key.stdout).toMatch(/key …5678 stored for Backup/);
    const cred = await t.db.exchangeCredential.findFirstOrThrow({ where: { accountId: backup.id, status: 'ACTIVE' } });
    expect(cred.apiKeyEnc).not.toContain('backupApiKey');
    expect((await run('scripts/account.ts', ['list'])).stdout).toMatch(/Backup {2}exchange {2}stage Paper {2}http:\/\/127.0.0.1:9200 {2}key …5678 {2}backup/);
  });
});
