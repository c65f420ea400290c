import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin, revokeSession } from '@/server/auth/login';
import { resolveSessionUser } from '@/server/auth/current-user';
import { resetPassword, setUserDisabled, setUserRole } from '@/server/services/users';
import { verifyAuditChain } from '@/adapters/repo/audit-log';
import { createTestDb, type TestDb } from '../support/test-db';
import { seedUsers } from '../support/callers';

const PASSWORD = 'correct horse battery staple';
const LIMITS = { maxFailures: 3, windowMinutes: 15, sessionMaxAgeHours: 12 };

describe('login, rate limit and session revocation', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('auth');
    await seedUsers(t.db);
  });
  afterAll(async () => { await t.drop(); });

  const login = (email: string, password: string, ip = '10.0.0.1', now = new Date()) => attemptLogin(t.db, { email, password }, ip, now, LIMITS);

  it('accepts the right password (e-mail case-insensitive) and audits it', async () => {
    const r = await login('Operator@Test.Local', PASSWORD);
    expect(r).toMatchObject({ ok: true, user: { email: 'operator@test.local', role: 'OPERATOR', sessionVersion: 1 } });
    const audit = await t.db.auditLog.findFirst({ where: { action: 'auth.login.succeeded' }, orderBy: { seq: 'desc' } });
    expect(audit?.actorLabel).toBe('operator@test.local');
  });

  it('refuses a wrong password and an unknown e-mail alike, recording each attempt', async () => {
    expect(await login('viewer@test.local', 'wrong password!')).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(await login('nobody@test.local', PASSWORD)).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(await login('', '')).toEqual({ ok: false, code: 'invalid_input' });
    expect(await t.db.loginAttempt.count({ where: { isSucceeded: false } })).toBe(2);
  });

  it('locks an account after repeated failures, even for the right password, until the window passes', async () => {
    for (let i = 0; i < 3; i++) await login('admin@test.local', `nope-${i}`, `10.1.0.${i}`);
    expect(await login('admin@test.local', PASSWORD, '10.9.9.9')).toEqual({ ok: false, code: 'rate_limited' });
    const later = new Date(Date.now() + 16 * 60_000);
    expect((await login('admin@test.local', PASSWORD, '10.9.9.9', later)).ok).toBe(true);
    expect(await t.db.auditLog.count({ where: { action: 'auth.login.rate-limited' } })).toBe(1);
  });

  it('limits one IP across accounts (4x the per-account limit)', async () => {
    for (let i = 0; i < 12; i++) await login(`guess${i}@test.local`, 'x', '192.0.2.7');
    expect(await login('operator@test.local', PASSWORD, '192.0.2.7')).toEqual({ ok: false, code: 'rate_limited' });
    expect((await login('operator@test.local', PASSWORD, '192.0.2.8')).ok).toBe(true);
  });

  const claimsOf = (r: Awaited<ReturnType<typeof login>>) => {
    if (!r.ok) throw new Error(`login failed: ${r.code}`);
    return { user: { id: r.user.id }, sessionVersion: r.user.sessionVersion, sessionId: r.user.sessionId };
  };

  it('a session lives on the server: logout revokes it (a copied cookie stops working), and it expires', async () => {
    const claims = claimsOf(await login('operator@test.local', PASSWORD, '10.3.0.1'));
    expect(await resolveSessionUser(t.db, claims)).toMatchObject({ email: 'operator@test.local' });
    expect(await resolveSessionUser(t.db, claims, new Date(Date.now() + 13 * 3_600_000))).toBeNull();
    const other = claimsOf(await login('operator@test.local', PASSWORD, '10.3.0.2'));

    await revokeSession(t.db, claims.sessionId, 'logout', new Date(), { id: claims.user.id, label: 'operator@test.local' });
    expect(await resolveSessionUser(t.db, claims)).toBeNull();
    expect(await resolveSessionUser(t.db, other), 'other sessions of the user live on').not.toBeNull();
    expect(await resolveSessionUser(t.db, { ...other, sessionId: undefined })).toBeNull();
    expect(await resolveSessionUser(t.db, { ...other, user: { id: (await t.db.user.findUniqueOrThrow({ where: { email: 'admin@test.local' } })).id } }),
      'a session id is bound to its user').toBeNull();
    expect(await t.db.auditLog.count({ where: { action: 'auth.logout' } })).toBe(1);
  });

  it('revokes sessions when the session version changes, and refuses disabled users', async () => {
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'viewer@test.local' } });
    const session = claimsOf(await login(user.email, PASSWORD, '10.4.0.1'));
    expect(await resolveSessionUser(t.db, session)).toMatchObject({ email: 'viewer@test.local', role: 'VIEWER' });

    const actor = { id: null, label: 'test' };
    await setUserRole(t.db, actor, { email: user.email, role: 'OPERATOR' }, new Date());
    expect(await resolveSessionUser(t.db, session)).toBeNull();

    const { password } = await resetPassword(t.db, actor, { email: user.email }, new Date());
    expect((await login(user.email, PASSWORD, '10.2.0.1')).ok).toBe(false);
    const fresh = claimsOf(await login(user.email, password, '10.2.0.2'));
    expect(await resolveSessionUser(t.db, fresh)).not.toBeNull();

    await setUserDisabled(t.db, actor, { email: user.email, isDisabled: true }, new Date());
    expect(await resolveSessionUser(t.db, fresh)).toBeNull();
    expect(await login(user.email, password, '10.2.0.3')).toEqual({ ok: false, code: 'disabled' });
    expect(await resolveSessionUser(t.db, null)).toBeNull();
  });

  it('stores only a memory-hard hash, and every login event is in the verified audit chain', async () => {
    const u = await t.db.user.findUniqueOrThrow({ where: { email: 'admin@test.local' } });
    expect(u.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(u.passwordHash).not.toContain(PASSWORD);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
