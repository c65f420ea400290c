import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAuditNow } from '@/adapters/repo/audit-log';
import { verifyPassword } from '@/adapters/auth/password';
import type { LockoutPolicy } from '@/domain/auth/lockout';
import { readLockout, recordFailure, type LockoutSubject } from './lockout';
import { checkSecondFactor } from './second-factor';
import { requestClientIp } from '@/server/http/request-meta';

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
  /** the second step: a 6-digit authenticator code or a recovery code (absent on the first submit) */
  code: z.string().trim().max(64).optional(),
});

export type LoginFailureCode = 'invalid_credentials' | 'rate_limited' | 'locked' | 'disabled' | 'invalid_input' | 'code_required' | 'invalid_code';

export type LoginOutcome =
  | { ok: true; user: { id: string; email: string; name: string | null; role: string; sessionVersion: number; sessionId: string } }
  | { ok: false; code: LoginFailureCode; lockedUntil?: Date };

export interface LoginPolicy extends LockoutPolicy { sessionMaxAgeHours: number; encryptionKey: string }

// verifying against a fixed hash keeps an unknown e-mail as slow as a wrong password
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
// one address may fail this many times the per-account limit per window (an office behind one NAT)
const IP_LIMIT_FACTOR = 4;

/**
 * Check a login; every attempt is recorded and audited. Two limits compose:
 * - per IP (sliding window, IP_LIMIT_FACTOR × LOGIN_MAX_FAILURES failures across all
 *   accounts): stops one source spraying many accounts, which never trips any one lock.
 *   It is checked first and says nothing about any account.
 * - per account (lockout, server/auth/lockout.ts): LOGIN_MAX_FAILURES failures from any
 *   addresses lock the account for LOGIN_LOCKOUT_MINUTES, even for the right password;
 *   stops a guesser spread over many addresses. Attempts on a locked account are recorded
 *   as failures of their IP, so hammering a locked account soon blocks that address too,
 *   but they never extend the lock.
 * With TOTP on, the right password alone answers `code_required` (not a failure: the
 * form asks for the code and submits again); a wrong code is a failure like a wrong password.
 */
export async function attemptLogin(db: Db, raw: unknown, ip: string, now: Date, policy: LoginPolicy, userAgent: string | null = null): Promise<LoginOutcome> {
  const parsed = loginInput.safeParse(raw);
  if (!parsed.success || !parsed.data.email || !parsed.data.password) return { ok: false, code: 'invalid_input' };
  const { email, password, code } = parsed.data;

  // The attempt's row is written first, as a failure, and every count below includes the rows
  // of attempts still in flight: N guesses sent at once see each other, so at most the limit
  // of them ever reach the (slow) password check. The row becomes a success, or is dropped
  // for a password that needs its second factor, once the answer is known.
  const attempt = await db.loginAttempt.create({ data: { email, ip, isSucceeded: false, createdAt: now } });
  const since = new Date(now.getTime() - policy.windowMinutes * 60_000);
  const byIp = await db.loginAttempt.count({ where: { ip, isSucceeded: false, createdAt: { gte: since }, id: { lte: attempt.id } } });
  if (byIp > policy.maxFailures * IP_LIMIT_FACTOR) {
    await appendAuditNow(db, { actorLabel: email, ip, action: 'auth.login.rate-limited', details: { failuresForIp: byIp - 1, windowMinutes: policy.windowMinutes } }, now);
    return { ok: false, code: 'rate_limited' };
  }

  const user = await db.user.findUnique({ where: { email } });
  const subject: LockoutSubject = { email, user };
  const lock = await readLockout(db, subject, policy, now, attempt.id);
  const fail = async (reason: string, failCode: LoginFailureCode, auditAction?: string): Promise<LoginOutcome> => {
    const lockedUntil = await recordFailure(db, { subject, ip, reason, prior: lock, now, auditAction, attemptId: attempt.id }, policy);
    return lockedUntil ? { ok: false, code: 'locked', lockedUntil } : { ok: false, code: failCode };
  };
  if (lock.lockedUntil) {
    await fail('account locked', 'locked', 'auth.login.refused-locked');
    return { ok: false, code: 'locked', lockedUntil: lock.lockedUntil };
  }
  if (lock.failureCount >= policy.maxFailures) return fail('too many attempts at once', 'locked');

  const isMatch = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !isMatch) return fail(user ? 'wrong password' : 'unknown e-mail', 'invalid_credentials');
  if (user.disabledAt) return fail('account disabled', 'disabled');

  let secondFactor: 'none' | 'totp' | 'recovery-code' = 'none';
  if (user.totpEnabledAt && user.totpSecretEnc) {
    if (!code) {
      await db.loginAttempt.delete({ where: { id: attempt.id } }); // the password was right: not a failure, the form asks for the code
      return { ok: false, code: 'code_required' };
    }
    const check = await checkSecondFactor(db, { id: user.id, sealedSecret: user.totpSecretEnc }, code, policy.encryptionKey, now);
    if (!check.ok) return fail('wrong second-factor code', 'invalid_code');
    secondFactor = check.method;
    if (check.method === 'recovery-code') {
      await appendAuditNow(db, { actorId: user.id, actorLabel: email, ip, action: 'auth.recovery-code.used', targetType: 'User', targetId: user.id, details: { codesLeft: check.codesLeft } }, now);
    }
  }
  return startSession(db, user, { ip, userAgent, now, sessionMaxAgeHours: policy.sessionMaxAgeHours, secondFactor, attemptId: attempt.id });
}

async function startSession(
  db: Db, user: { id: string; email: string; name: string | null; role: string; sessionVersion: number },
  o: { ip: string; userAgent: string | null; now: Date; sessionMaxAgeHours: number; secondFactor: string; attemptId: bigint },
): Promise<LoginOutcome> {
  const { now, ip } = o;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  const session = await db.userSession.create({
    data: { userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + o.sessionMaxAgeHours * 3_600_000), ip, userAgent: o.userAgent?.slice(0, 300) ?? null },
  });
  await db.loginAttempt.update({ where: { id: o.attemptId }, data: { isSucceeded: true } });
  await appendAuditNow(db, {
    actorId: user.id, actorLabel: user.email, ip, action: 'auth.login.succeeded', targetType: 'User', targetId: user.id,
    details: { sessionId: session.id, secondFactor: o.secondFactor },
  }, now);
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion, sessionId: session.id } };
}

/** Logout: the session ends on the server, so a copy of its cookie is worthless from now on. */
export async function revokeSession(db: Db, sessionId: string, reason: string, now: Date, actor: { id: string; label: string }) {
  const r = await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
  await appendAuditNow(db, { actorId: actor.id, actorLabel: actor.label, action: 'auth.logout', targetType: 'UserSession', targetId: sessionId, details: { wasActive: r.count > 0 } }, now);
}

/** The client address: the socket's, or the trusted reverse proxy's report of it; 'unknown' without the request tap. */
export function clientIp(headers: Headers): string {
  // the request tap's decision (socket, or X-Forwarded-For only with TRUST_PROXY): a client cannot pick its own
  return requestClientIp(headers);
}
