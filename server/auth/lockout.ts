import type { Db } from '@/adapters/db/client';
import { appendAudit, appendAuditNow } from '@/adapters/repo/audit-log';
import { lockoutLookbackMs, lockoutState, type LockoutPolicy, type LockoutState } from '@/domain/auth/lockout';

/**
 * The per-account lockout against the database. `User.lockedUntil` is the record an
 * admin sees and lifts (unlock sets it to "now", which also restarts the count); the
 * failure log (LoginAttempt) decides when to lock, for known and unknown e-mails alike
 * (domain/auth/lockout.ts), so an unknown e-mail cannot be told apart by its lock.
 */
export interface LockoutSubject { email: string; user: { id: string; lockedUntil: Date | null; lastLoginAt: Date | null } | null }

export async function readLockout(db: Db, subject: LockoutSubject, policy: LockoutPolicy, now: Date, excludeAttemptId?: bigint): Promise<LockoutState> {
  const lockedUntil = subject.user?.lockedUntil ?? null;
  if (lockedUntil && lockedUntil > now) return { lockedUntil, lockedAt: null, failureCount: 0 };
  // the rows of attempts still being checked count as failures: concurrent guesses see each other
  const rows = await db.loginAttempt.findMany({
    where: { email: subject.email, isSucceeded: false, createdAt: { gte: new Date(now.getTime() - lockoutLookbackMs(policy)), lte: now },
      ...(excludeAttemptId !== undefined ? { id: { not: excludeAttemptId } } : {}) },
    select: { createdAt: true },
  });
  // a lock that ended (or an admin lifted) and a successful login restart the count
  const countFrom = latest(lockedUntil, subject.user?.lastLoginAt ?? null);
  return lockoutState(rows.map((r) => r.createdAt), policy, now, countFrom);
}

export interface FailureRecord {
  subject: LockoutSubject; ip: string; reason: string; prior: LockoutState; now: Date; auditAction?: string;
  /** the attempt's row, written (as a failure) before the password was checked; absent: written here */
  attemptId?: bigint;
}

/**
 * Record a failed attempt (LoginAttempt + audit) and lock the account when it is the
 * failure that reaches the limit; returns the lock, if this failure set one.
 */
export async function recordFailure(db: Db, f: FailureRecord, policy: LockoutPolicy): Promise<Date | null> {
  const { subject, ip, now } = f;
  const userId = subject.user?.id ?? null;
  if (f.attemptId === undefined) await db.loginAttempt.create({ data: { email: subject.email, ip, isSucceeded: false, createdAt: now } });
  await appendAuditNow(db, {
    actorId: userId, actorLabel: subject.email, ip, action: f.auditAction ?? 'auth.login.failed', targetType: 'User', targetId: userId, details: { reason: f.reason },
  }, now);
  const failureCount = f.prior.failureCount + 1;
  if (f.prior.lockedUntil || failureCount < policy.maxFailures) return null;
  const lockedUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
  await db.$transaction(async (tx) => {
    if (userId) await tx.user.update({ where: { id: userId }, data: { lockedUntil } });
    await appendAudit(tx, {
      actorId: userId, actorLabel: subject.email, ip, action: 'auth.locked', targetType: 'User', targetId: userId,
      details: { ip, failureCount, windowMinutes: policy.windowMinutes, lockedUntil: lockedUntil.toISOString(), isKnownAccount: userId !== null },
    }, now);
  });
  return lockedUntil;
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a || !b) return a ?? b;
  return a > b ? a : b;
}
