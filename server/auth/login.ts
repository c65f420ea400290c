import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAuditNow } from '@/adapters/repo/audit-log';
import { verifyPassword } from '@/adapters/auth/password';

export const loginInput = z.object({
  email: z.string().trim().toLowerCase().max(254),
  password: z.string().max(200),
});

export type LoginOutcome =
  | { ok: true; user: { id: string; email: string; name: string | null; role: string; sessionVersion: number; sessionId: string } }
  | { ok: false; code: 'invalid_credentials' | 'rate_limited' | 'disabled' | 'invalid_input' };

// verifying against a fixed hash keeps an unknown e-mail as slow as a wrong password
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

/**
 * Check a login: rate-limited per e-mail and per IP over a sliding window (failures
 * only), every attempt recorded and audited. IP-wide limit is 4x the per-account one,
 * so one office behind a NAT is not locked out by one person's typos.
 */
export async function attemptLogin(
  db: Db, raw: unknown, ip: string, now: Date,
  limits: { maxFailures: number; windowMinutes: number; sessionMaxAgeHours: number }, userAgent: string | null = null,
): Promise<LoginOutcome> {
  const parsed = loginInput.safeParse(raw);
  if (!parsed.success || !parsed.data.email || !parsed.data.password) return { ok: false, code: 'invalid_input' };
  const { email, password } = parsed.data;
  const since = new Date(now.getTime() - limits.windowMinutes * 60_000);
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { email, isSucceeded: false, createdAt: { gte: since } } }),
    db.loginAttempt.count({ where: { ip, isSucceeded: false, createdAt: { gte: since } } }),
  ]);
  const record = async (isSucceeded: boolean, action: string, userId: string | null, details: Record<string, unknown> = {}) => {
    await db.loginAttempt.create({ data: { email, ip, isSucceeded, createdAt: now } });
    await appendAuditNow(db, { actorId: userId, actorLabel: email, ip, action, targetType: 'User', targetId: userId, details }, now);
  };
  if (byEmail >= limits.maxFailures || byIp >= limits.maxFailures * 4) {
    await record(false, 'auth.login.rate-limited', null, { failuresForEmail: byEmail, failuresForIp: byIp, windowMinutes: limits.windowMinutes });
    return { ok: false, code: 'rate_limited' };
  }
  const user = await db.user.findUnique({ where: { email } });
  const isMatch = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !isMatch) {
    await record(false, 'auth.login.failed', user?.id ?? null, { reason: user ? 'wrong password' : 'unknown e-mail' });
    return { ok: false, code: 'invalid_credentials' };
  }
  if (user.disabledAt) {
    await record(false, 'auth.login.failed', user.id, { reason: 'account disabled' });
    return { ok: false, code: 'disabled' };
  }
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  const session = await db.userSession.create({
    data: { userId: user.id, createdAt: now, expiresAt: new Date(now.getTime() + limits.sessionMaxAgeHours * 3_600_000), ip, userAgent: userAgent?.slice(0, 300) ?? null },
  });
  await record(true, 'auth.login.succeeded', user.id, { sessionId: session.id });
  return { ok: true, user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion, sessionId: session.id } };
}

/** Logout: the session ends on the server, so a copy of its cookie is worthless from now on. */
export async function revokeSession(db: Db, sessionId: string, reason: string, now: Date, actor: { id: string; label: string }) {
  const r = await db.userSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: reason } });
  await appendAuditNow(db, { actorId: actor.id, actorLabel: actor.label, action: 'auth.logout', targetType: 'UserSession', targetId: sessionId, details: { wasActive: r.count > 0 } }, now);
}

/** The client address as the reverse proxy reports it; 'direct' without one. */
export function clientIp(headers: Headers): string {
  const fwd = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return fwd || headers.get('x-real-ip') || 'direct';
}
