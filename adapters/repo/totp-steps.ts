import type { DbOrTx } from '@/adapters/db/client';

/**
 * The last TOTP step each user spent (User.totpLastStep), so a code cannot be used twice
 * (RFC 6238 §5.2). The claim is one compare-and-set statement, so two requests racing with
 * the same code cannot both win.
 */
export async function lastTotpStep(db: DbOrTx, userId: string): Promise<number | null> {
  const row = await db.user.findUnique({ where: { id: userId }, select: { totpLastStep: true } });
  return row?.totpLastStep == null ? null : Number(row.totpLastStep);
}

/** Record `step` as spent; false when it (or a later step) already was. */
export async function claimTotpStep(db: DbOrTx, userId: string, step: number, _now: Date): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE "User" SET "totpLastStep" = ${step}::bigint
    WHERE id = ${userId}::uuid AND ("totpLastStep" IS NULL OR "totpLastStep" < ${step}::bigint)`;
  return n === 1;
}

/** Forget the user's spent steps (second factor disabled or reset; a new secret starts afresh). */
export async function forgetTotpSteps(db: DbOrTx, userId: string): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { totpLastStep: null } });
}
