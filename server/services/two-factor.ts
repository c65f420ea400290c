import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { verifyPassword } from '@/adapters/auth/password';
import { newTotpSecret, totpUri } from '@/adapters/auth/totp';
import { hashRecoveryCode, newRecoveryCode, RECOVERY_CODE_COUNT } from '@/adapters/auth/recovery-codes';
import { forgetTotpSteps } from '@/adapters/repo/totp-steps';
import type { LockoutPolicy } from '@/domain/auth/lockout';
import { readLockout, recordFailure } from '@/server/auth/lockout';
import { checkSecondFactor, sealTotpSecret } from '@/server/auth/second-factor';
import { AppError } from '@/server/errors';
import { emailSchema, type Actor } from './users';

/**
 * The TOTP second factor of the signed-in user: enrol (password again, then a first
 * code), recovery codes shown once, disable (with a current code). Every wrong password
 * or code here is a login failure too, so a stolen session cannot guess its way through
 * (the account locks like at the login form).
 */
export const passwordInput = z.object({ password: z.string().min(1, 'password: enter your current password').max(200) });
export const codeInput = z.object({ code: z.string().trim().min(6, 'code: enter the 6-digit code from your authenticator app, or a recovery code').max(64) });

export interface TwoFactorDeps { encryptionKey: string; policy: LockoutPolicy }
type SelfActor = Actor & { id: string; ip: string };

export async function twoFactorStatus(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { totpEnabledAt: true, totpSecretEnc: true } });
  const recoveryCodesLeft = user.totpEnabledAt ? await db.recoveryCode.count({ where: { userId, usedAt: null } }) : 0;
  return { isEnabled: user.totpEnabledAt !== null, enabledAt: user.totpEnabledAt, isPending: !user.totpEnabledAt && user.totpSecretEnc !== null, recoveryCodesLeft };
}

/** Step 1: a new secret, sealed and stored as pending; returned once for the authenticator app. */
export async function startTotpEnrolment(db: Db, actor: SelfActor, input: z.infer<typeof passwordInput>, deps: TwoFactorDeps, now: Date) {
  const user = await guardedUser(db, actor, deps, now);
  if (user.totpEnabledAt) throw new AppError('CONFLICT', 'two-factor authentication is already on: disable it first to enrol a new device');
  if (!(await verifyPassword(input.password, user.passwordHash))) {
    await failAttempt(db, actor, user, 'wrong password (two-factor enrolment)', deps, now);
    throw new AppError('BAD_REQUEST', 'password: is not correct');
  }
  const secret = newTotpSecret();
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { totpSecretEnc: sealTotpSecret(secret, user.id, deps.encryptionKey) } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'auth.totp.enrolment-started', targetType: 'User', targetId: user.id }, now);
  });
  return { secret, otpauthUri: totpUri(secret, user.email) };
}

/** Step 2: the first code proves the app has the secret; turns the factor on and returns the recovery codes, once. */
export async function confirmTotpEnrolment(db: Db, actor: SelfActor, input: z.infer<typeof codeInput>, deps: TwoFactorDeps, now: Date) {
  const user = await guardedUser(db, actor, deps, now);
  if (user.totpEnabledAt) throw new AppError('CONFLICT', 'two-factor authentication is already on');
  if (!user.totpSecretEnc) throw new AppError('PRECONDITION_FAILED', 'start the enrolment first');
  const check = await checkSecondFactor(db, { id: user.id, sealedSecret: user.totpSecretEnc }, input.code, deps.encryptionKey, now, { allowRecoveryCode: false });
  if (!check.ok) {
    await failAttempt(db, actor, user, 'wrong second-factor code (enrolment)', deps, now);
    throw new AppError('BAD_REQUEST', 'code: is not the current code of your authenticator app (check its clock)');
  }
  const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await db.$transaction(async (tx) => {
    const r = await tx.user.updateMany({ where: { id: user.id, totpEnabledAt: null, totpSecretEnc: user.totpSecretEnc }, data: { totpEnabledAt: now } });
    if (r.count !== 1) throw new AppError('CONFLICT', 'the enrolment changed meanwhile: start again');
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.createMany({ data: recoveryCodes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c), createdAt: now })) });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'auth.totp.enabled', targetType: 'User', targetId: user.id, details: { recoveryCodes: recoveryCodes.length } }, now);
  });
  return { recoveryCodes };
}

/** Turn the factor off: needs a current code or a recovery code (a stolen session alone is not enough). */
export async function disableTotp(db: Db, actor: SelfActor, input: z.infer<typeof codeInput>, deps: TwoFactorDeps, now: Date) {
  const user = await guardedUser(db, actor, deps, now);
  if (!user.totpEnabledAt || !user.totpSecretEnc) throw new AppError('PRECONDITION_FAILED', 'two-factor authentication is not on');
  const check = await checkSecondFactor(db, { id: user.id, sealedSecret: user.totpSecretEnc }, input.code, deps.encryptionKey, now);
  if (!check.ok) {
    await failAttempt(db, actor, user, 'wrong second-factor code (disable)', deps, now);
    throw new AppError('BAD_REQUEST', 'code: is neither the current authenticator code nor an unused recovery code');
  }
  await clearSecondFactor(db, user.id, now, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'auth.totp.disabled', details: { with: check.method } });
  return { ok: true as const };
}

/** Admin: a user lost their device and their recovery codes; they log in with the password alone and may enrol again. */
export async function resetSecondFactor(db: Db, actor: Actor, input: { email: string }, now: Date) {
  const email = emailSchema.parse(input.email);
  const user = await db.user.findUnique({ where: { email } });
  if (!user) throw new AppError('NOT_FOUND', `no user with e-mail ${email}`);
  await clearSecondFactor(db, user.id, now, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'auth.totp.reset', details: { email, wasEnabled: user.totpEnabledAt !== null } });
  return { ok: true as const };
}

async function clearSecondFactor(db: Db, userId: string, now: Date, audit: { actorId: string | null; actorLabel: string; ip?: string | null; action: string; details: Record<string, unknown> }) {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpSecretEnc: null, totpEnabledAt: null } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await forgetTotpSteps(tx, userId);
    await appendAudit(tx, { ...audit, targetType: 'User', targetId: userId }, now);
  });
}

/** The signed-in user, refused while their account is locked (no guessing through Settings either). */
async function guardedUser(db: Db, actor: SelfActor, deps: TwoFactorDeps, now: Date) {
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id } });
  const lock = await readLockout(db, { email: user.email, user }, deps.policy, now);
  if (lock.lockedUntil) throw new AppError('TOO_MANY_REQUESTS', `your account is locked until ${lock.lockedUntil.toISOString()} after repeated failures`);
  return user;
}

async function failAttempt(db: Db, actor: SelfActor, user: { id: string; email: string; lockedUntil: Date | null; lastLoginAt: Date | null }, reason: string, deps: TwoFactorDeps, now: Date) {
  const subject = { email: user.email, user };
  const prior = await readLockout(db, subject, deps.policy, now);
  await recordFailure(db, { subject, ip: actor.ip, reason, prior, now }, deps.policy);
}
