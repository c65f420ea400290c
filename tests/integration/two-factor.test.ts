import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptLogin } from '@/server/auth/login';
import { createUser } from '@/server/services/users';
import { serverEnv } from '@/server/env';
import { totpCodeAt } from '@/adapters/auth/totp';
import { openTotpSecret } from '@/server/auth/second-factor';
import { verifyAuditChain } from '@/adapters/repo/audit-log';
import type { SessionUser } from '@/server/auth/current-user';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

const PASSWORD = 'correct horse battery staple';
const KEY = () => serverEnv().SENTINEL_ENCRYPTION_KEY;
const POLICY = () => ({ maxFailures: 3, windowMinutes: 15, lockoutMinutes: 15, sessionMaxAgeHours: 12, encryptionKey: KEY() });

describe('TOTP second factor: enrol, log in, recovery codes, disable, admin reset', () => {
  let t: TestDb;
  let me: SessionUser;
  let admin: SessionUser;
  beforeAll(async () => {
    t = await createTestDb('two_factor');
    admin = (await seedUsers(t.db)).ADMIN;
    const { user } = await createUser(t.db, { id: null, label: 'test' }, { email: 'totp@test.local', role: 'OPERATOR', password: PASSWORD }, new Date());
    me = { id: user.id, email: user.email, name: null, role: 'OPERATOR' };
  });
  afterAll(async () => { await t.drop(); });

  const login = (code?: string, now = new Date(), ip = '10.7.0.1') => attemptLogin(t.db, { email: me.email, password: PASSWORD, code }, ip, now, POLICY());
  const secretOf = async () => {
    const u = await t.db.user.findUniqueOrThrow({ where: { id: me.id } });
    return openTotpSecret(u.totpSecretEnc!, u.id, KEY());
  };
  let recoveryCodes: string[] = [];

  it('enrols: password again, a sealed secret, a first code, then 10 recovery codes stored only as hashes', async () => {
    const caller = callerAs(t.db, me);
    await expect(caller.twoFactor.startEnrolment({ password: 'not my password' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const { secret, otpauthUri } = await caller.twoFactor.startEnrolment({ password: PASSWORD });
    expect(otpauthUri).toContain(`secret=${secret}`);
    const row = await t.db.user.findUniqueOrThrow({ where: { id: me.id } });
    expect(row.totpSecretEnc).toMatch(/^v1:/);
    expect(row.totpSecretEnc).not.toContain(secret);
    expect(await caller.twoFactor.get()).toMatchObject({ isEnabled: false, isPending: true });
    expect((await login()).ok, 'pending enrolment: the password alone still logs in').toBe(true);

    await expect(caller.twoFactor.confirmEnrolment({ code: '000000' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    ({ recoveryCodes } = await caller.twoFactor.confirmEnrolment({ code: totpCodeAt(secret, new Date()) }));
    expect(recoveryCodes).toHaveLength(10);
    const stored = await t.db.recoveryCode.findMany({ where: { userId: me.id } });
    expect(stored.map((r) => r.codeHash).every((h) => /^sha256\$[0-9a-f]{64}$/.test(h))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(recoveryCodes[0]);
    expect(await caller.twoFactor.get()).toMatchObject({ isEnabled: true, recoveryCodesLeft: 10 });
    expect(await t.db.auditLog.count({ where: { action: 'auth.totp.enabled', targetId: me.id } })).toBe(1);
  });

  it('logs in only with password + code; a code is single use; a wrong code counts toward the lockout', async () => {
    expect(await login()).toEqual({ ok: false, code: 'code_required' });
    const secret = await secretOf();
    const next = new Date(Date.now() + 30_000); // the enrolment spent the current step: the next one (±1 window) is fresh
    expect((await login(totpCodeAt(secret, next))).ok).toBe(true);
    expect(await login(totpCodeAt(secret, next)), 'replayed code').toEqual({ ok: false, code: 'invalid_code' });
    expect(await login('123456')).toMatchObject({ ok: false });
    expect(await login('654321')).toMatchObject({ ok: false, code: 'locked' });
    await t.db.user.update({ where: { id: me.id }, data: { lockedUntil: new Date() } }); // as an admin unlock would
  });

  it('a recovery code logs in once, then never again (audited)', async () => {
    const code = recoveryCodes[0]!;
    expect((await login(code.toUpperCase())).ok).toBe(true);
    expect(await login(code)).toEqual({ ok: false, code: 'invalid_code' });
    expect(await callerAs(t.db, me).twoFactor.get()).toMatchObject({ recoveryCodesLeft: 9 });
    expect(await t.db.auditLog.findFirst({ where: { action: 'auth.recovery-code.used', targetId: me.id } })).toMatchObject({ details: { codesLeft: 9 } });
    await t.db.user.update({ where: { id: me.id }, data: { lockedUntil: new Date() } });
  });

  it('disable needs a valid code; afterwards the password alone logs in', async () => {
    const caller = callerAs(t.db, me);
    await expect(caller.twoFactor.disable({ code: '111111' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await caller.twoFactor.disable({ code: recoveryCodes[1]! });
    expect(await caller.twoFactor.get()).toMatchObject({ isEnabled: false, isPending: false, recoveryCodesLeft: 0 });
    expect(await t.db.recoveryCode.count({ where: { userId: me.id } })).toBe(0);
    expect((await login()).ok).toBe(true);
    expect(await t.db.auditLog.findFirst({ where: { action: 'auth.totp.disabled' } })).toMatchObject({ details: { with: 'recovery-code' } });
  });

  it('an admin resets a lost second factor (audited); a viewer cannot', async () => {
    const caller = callerAs(t.db, me);
    const { secret } = await caller.twoFactor.startEnrolment({ password: PASSWORD });
    await caller.twoFactor.confirmEnrolment({ code: totpCodeAt(secret, new Date(Date.now() + 30_000)) });
    await expect(callerAs(t.db, { ...me, role: 'VIEWER' }).users.resetSecondFactor({ email: me.email })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await callerAs(t.db, admin).users.resetSecondFactor({ email: me.email });
    expect((await login()).ok).toBe(true);
    expect(await t.db.auditLog.findFirst({ where: { action: 'auth.totp.reset' } })).toMatchObject({ actorLabel: admin.email, targetId: me.id });
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });
});
