import type { DbOrTx } from '@/adapters/db/client';
import { decryptSecret, encryptSecret } from '@/adapters/crypto/secret-box';
import { matchTotpStep } from '@/adapters/auth/totp';
import { hashRecoveryCode, normaliseRecoveryCode, RECOVERY_CODE_PATTERN } from '@/adapters/auth/recovery-codes';
import { claimTotpStep, lastTotpStep } from '@/adapters/repo/totp-steps';

/** The TOTP secret at rest: AES-256-GCM bound (AAD) to its user, so a copied ciphertext opens for no one else. */
const aadOf = (userId: string) => `User.totpSecretEnc:${userId}`;

export function sealTotpSecret(secretB32: string, userId: string, encryptionKey: string): string {
  return encryptSecret(secretB32, encryptionKey, aadOf(userId));
}

export function openTotpSecret(sealed: string, userId: string, encryptionKey: string): string {
  return decryptSecret(sealed, encryptionKey, aadOf(userId));
}

export type SecondFactorCheck =
  | { ok: true; method: 'totp' }
  | { ok: true; method: 'recovery-code'; codesLeft: number }
  | { ok: false };

/**
 * A 6-digit code from the user's authenticator (each step usable once), or one of the
 * user's unused recovery codes (spent by this call). `sealedSecret` is the stored
 * User.totpSecretEnc: the pending one during enrolment, the active one afterwards.
 */
export async function checkSecondFactor(
  db: DbOrTx, user: { id: string; sealedSecret: string }, code: string, encryptionKey: string, now: Date,
  { allowRecoveryCode = true } = {},
): Promise<SecondFactorCheck> {
  const secret = openTotpSecret(user.sealedSecret, user.id, encryptionKey);
  const step = matchTotpStep(secret, code, now, await lastTotpStep(db, user.id));
  if (step !== null) return (await claimTotpStep(db, user.id, step, now)) ? { ok: true, method: 'totp' } : { ok: false };
  if (!allowRecoveryCode || !RECOVERY_CODE_PATTERN.test(normaliseRecoveryCode(code))) return { ok: false };
  // one statement: two requests racing with the same recovery code cannot both spend it
  const spent = await db.recoveryCode.updateMany({ where: { userId: user.id, codeHash: hashRecoveryCode(code), usedAt: null }, data: { usedAt: now } });
  if (spent.count !== 1) return { ok: false };
  const codesLeft = await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } });
  return { ok: true, method: 'recovery-code', codesLeft };
}
