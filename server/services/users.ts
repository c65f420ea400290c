import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { generatePassword, hashPassword } from '@/adapters/auth/password';
import type { Role } from '@/generated/prisma/enums';
import { AppError } from '@/server/errors';

export const emailSchema = z.email('must be an e-mail address').max(254).transform((e) => e.toLowerCase());
export const roleSchema = z.enum(['VIEWER', 'OPERATOR', 'ADMIN'], { error: 'must be one of: VIEWER, OPERATOR, ADMIN' });
export const passwordSchema = z.string().min(12, 'must be at least 12 characters').max(200);

export interface Actor { id: string | null; label: string; ip?: string | null }

/** Create a user; returns the password once (generated when not given). Only its hash is stored. */
export async function createUser(db: Db, actor: Actor, input: { email: string; role: Role; name?: string; password?: string }, now: Date) {
  const email = emailSchema.parse(input.email);
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email } })) throw new AppError('CONFLICT', `a user with e-mail ${email} already exists`);
    const user = await tx.user.create({ data: { email, role: input.role, name: input.name ?? null, passwordHash } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'user.created', targetType: 'User', targetId: user.id, details: { email, role: input.role } }, now);
    return { user, password };
  });
}

/** Set a new password (generated when not given) and revoke every session of the user. */
export async function resetPassword(db: Db, actor: Actor, input: { email: string; password?: string }, now: Date) {
  const email = emailSchema.parse(input.email);
  const password = input.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new AppError('NOT_FOUND', `no user with e-mail ${email}`);
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'user.password-reset', targetType: 'User', targetId: user.id, details: { email } }, now);
    return { user, password };
  });
}

/** Disable (or re-enable) a user; disabling revokes every session at once. */
export async function setUserDisabled(db: Db, actor: Actor, input: { email: string; isDisabled: boolean }, now: Date) {
  const email = emailSchema.parse(input.email);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new AppError('NOT_FOUND', `no user with e-mail ${email}`);
    if (input.isDisabled && user.id === actor.id) throw new AppError('BAD_REQUEST', 'you cannot disable your own account');
    const updated = await tx.user.update({
      where: { id: user.id },
      data: { disabledAt: input.isDisabled ? now : null, sessionVersion: { increment: 1 } },
    });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: input.isDisabled ? 'user.disabled' : 'user.enabled', targetType: 'User', targetId: user.id, details: { email } }, now);
    return updated;
  });
}

/** Change a role; revokes the user's sessions so the new role applies at once. */
export async function setUserRole(db: Db, actor: Actor, input: { email: string; role: Role }, now: Date) {
  const email = emailSchema.parse(input.email);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new AppError('NOT_FOUND', `no user with e-mail ${email}`);
    const updated = await tx.user.update({ where: { id: user.id }, data: { role: input.role, sessionVersion: { increment: 1 } } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'user.role-changed', targetType: 'User', targetId: user.id, details: { email, from: user.role, to: input.role } }, now);
    return updated;
  });
}

/**
 * Lift a login lockout now. Sets lockedUntil to `now` rather than null: the lock's end is
 * where the failure count restarts (server/auth/lockout.ts), so the failures that caused
 * the lock do not lock the account again at the next typo.
 */
export async function unlockUser(db: Db, actor: Actor, input: { email: string }, now: Date) {
  const email = emailSchema.parse(input.email);
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { email } });
    if (!user) throw new AppError('NOT_FOUND', `no user with e-mail ${email}`);
    const wasLocked = user.lockedUntil !== null && user.lockedUntil > now;
    await tx.user.update({ where: { id: user.id }, data: { lockedUntil: now } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'auth.unlocked', targetType: 'User', targetId: user.id, details: { email, wasLocked, lockedUntil: user.lockedUntil?.toISOString() ?? null } }, now);
    return { wasLocked };
  });
}

/** On first run only: an admin with a generated password, printed once by the caller. */
export async function ensureAdmin(db: Db, now: Date): Promise<{ email: string; password: string } | undefined> {
  if (await db.user.count({ where: { role: 'ADMIN' } })) return undefined;
  const { user, password } = await createUser(db, { id: null, label: 'system' }, { email: 'admin@sentinel.local', role: 'ADMIN', name: 'Administrator' }, now);
  return { email: user.email, password };
}
