import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditNow } from '@/adapters/repo/audit-log';
import { verifyPassword } from '@/adapters/auth/password';
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
    await t.db.$executeRaw`UPDATE "AuditLog" SET "actorLabel" = 'someone else' WHERE seq = ${victim.seq}`;
    const broken = await run('scripts/audit-verify.ts', []);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(`AUDIT CHAIN BROKEN at row ${victim.seq} (edited)`);
  });
});
