import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin, revokeSession } from '@/server/auth/login';
import { resolveSessionUser } from '@/server/auth/current-user';
import { createUser, resetPassword, setUserDisabled, setUserRole, unlockUser } from '@/server/services/users';
import { serverEnv } from '@/server/env';
import { verifyAuditChain } from '@/adapters/repo/audit-log';
import { createTestDb, type TestDb } from '../support/test-db';
import { seedUsers } from '../support/callers';

const PASSWORD = 'correct horse battery staple';
const LIMITS = { maxFailures: 3, windowMinutes: 15, lockoutMinutes: 15, sessionMaxAgeHours: 12, encryptionKey: serverEnv().SENTINEL_ENCRYPTION_KEY };

describe('login, rate limit and session revocation', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await createTestDb('auth');
    await seedUsers(t.db);
    // the lockout tests run on clocks of their own: their users are theirs alone
    for (const email of ['locked@test.local', 'unlocked@test.local', 'twin@test.local', 'burst@test.local']) {
      await createUser(t.db, { id: null, label: 'test' }, { email, role: 'OPERATOR', password: PASSWORD }, new Date());
    }
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

  it('locks an account after repeated failures from any addresses, even for the right password, until the lock expires', async () => {
    const t0 = new Date();
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    expect(await login('locked@test.local', 'nope-0', '10.1.0.0', at(0))).toEqual({ ok: false, code: 'invalid_credentials' });
    expect(await login('locked@test.local', 'nope-1', '10.1.0.1', at(0.1))).toEqual({ ok: false, code: 'invalid_credentials' });
    // the failure that reaches the limit answers with the lock at once
    expect(await login('locked@test.local', 'nope-2', '10.1.0.2', at(0.2))).toEqual({ ok: false, code: 'locked', lockedUntil: at(15.2) });
    expect(await login('locked@test.local', PASSWORD, '10.9.9.9', at(1))).toEqual({ ok: false, code: 'locked', lockedUntil: at(15.2) });
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'locked@test.local' } });
    expect(user.lockedUntil).toEqual(at(15.2));
    const locked = await t.db.auditLog.findFirstOrThrow({ where: { action: 'auth.locked' } });
    expect(locked).toMatchObject({ targetId: user.id, ip: '10.1.0.2', details: { ip: '10.1.0.2', failureCount: 3, isKnownAccount: true } });
    expect(await t.db.auditLog.count({ where: { action: 'auth.login.refused-locked' } })).toBe(1);

    // expired: the right password works, and the failures before the lock never count again
    expect((await login('locked@test.local', PASSWORD, '10.9.9.9', at(15.3))).ok).toBe(true);
    expect(await login('locked@test.local', 'typo', '10.9.9.9', at(15.4))).toEqual({ ok: false, code: 'invalid_credentials' });
  });

  it('an admin unlock lifts the lock at once and restarts the count (audited)', async () => {
    const t0 = new Date(Date.now() + 60 * 60_000); // clear of the previous test's failures
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    for (let i = 0; i < 3; i++) await login('unlocked@test.local', `nope-${i}`, '10.5.0.1', at(i * 0.1));
    expect((await login('unlocked@test.local', PASSWORD, '10.5.0.1', at(1))).ok).toBe(false);
    expect(await unlockUser(t.db, { id: null, label: 'test-admin' }, { email: 'unlocked@test.local' }, at(2))).toEqual({ wasLocked: true });
    expect(await login('unlocked@test.local', 'one more typo', '10.5.0.1', at(2.1))).toEqual({ ok: false, code: 'invalid_credentials' });
    expect((await login('unlocked@test.local', PASSWORD, '10.5.0.1', at(2.2))).ok).toBe(true);
    expect(await t.db.auditLog.findFirst({ where: { action: 'auth.unlocked' } })).toMatchObject({ actorLabel: 'test-admin', details: { wasLocked: true } });
  });

  it('an unknown e-mail locks exactly like a real account (the lock message reveals nothing)', async () => {
    const t0 = new Date(Date.now() + 2 * 60 * 60_000);
    const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
    const answers = async (email: string) => {
      const out = [];
      for (let i = 0; i < 4; i++) out.push(await login(email, `nope-${i}`, `10.6.${i}.1`, at(i * 0.1)));
      out.push(await login(email, 'after expiry', '10.6.9.1', at(16)));
      return out;
    };
    expect(await answers('nobody-at-all@test.local')).toEqual(await answers('twin@test.local'));
    expect(await t.db.auditLog.findFirst({ where: { action: 'auth.locked', actorLabel: 'nobody-at-all@test.local' } }))
      .toMatchObject({ targetId: null, details: { isKnownAccount: false } });
  });

  it('a burst of guesses sent at once reaches the password check no more often than the limit allows, for the account and for the IP', async () => {
    // each attempt's row is written before the check, so concurrent guesses see each other
    const burst = await Promise.all(Array.from({ length: 40 }, (_, i) => login('burst@test.local', i === 39 ? PASSWORD : `guess-${i}`, '198.51.100.9')));
    const checked = burst.filter((r) => r.ok || r.code === 'invalid_credentials').length;
    expect(checked).toBeLessThanOrEqual(LIMITS.maxFailures);
    expect(burst.filter((r) => !r.ok && (r.code === 'locked' || r.code === 'rate_limited')).length).toBeGreaterThanOrEqual(40 - LIMITS.maxFailures);
    expect((await login('burst@test.local', PASSWORD, '198.51.100.10')).ok).toBe(false); // the account is locked now, even for the right password
    const sprayed = await Promise.all(Array.from({ length: 40 }, (_, i) => login(`spray${i}@test.local`, 'x', '198.51.100.11')));
    expect(sprayed.filter((r) => !r.ok && r.code === 'invalid_credentials').length).toBeLessThanOrEqual(LIMITS.maxFailures * 4);
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
