import { generateSecret, generateSync, generateURI, verifySync } from 'otplib';

/**
 * TOTP (RFC 6238) second factor, through otplib with its defaults: SHA-1, 6 digits,
 * 30 s steps — what every authenticator app supports. Verification accepts the step
 * before and after the current one (±30 s of clock drift) and never a step at or before
 * `afterStep`, the last one this user already used (replay protection).
 */
export const TOTP_PERIOD_S = 30;
const TOTP_TOLERANCE_S = TOTP_PERIOD_S; // ±1 step
const ISSUER = 'Sentinel';

/** 20 random bytes (160 bits, RFC 4226's recommendation) in base32, as authenticator apps take it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI an authenticator app imports (from a QR code or typed in). */
export function totpUri(secretB32: string, accountLabel: string): string {
  return generateURI({ issuer: ISSUER, label: accountLabel, secret: secretB32, period: TOTP_PERIOD_S });
}

export const TOTP_CODE_PATTERN = /^\d{6}$/;

/** The step the code matched, or null: wrong, malformed, outside ±1 step, or already used. */
export function matchTotpStep(secretB32: string, code: string, now: Date, afterStep: number | null): number | null {
  const token = code.replace(/\s+/g, '');
  if (!TOTP_CODE_PATTERN.test(token)) return null;
  const result = verifySync({
    secret: secretB32, token, period: TOTP_PERIOD_S,
    epoch: Math.floor(now.getTime() / 1000), epochTolerance: TOTP_TOLERANCE_S,
    ...(afterStep === null ? {} : { afterTimeStep: afterStep }),
  });
  // the union also covers HOTP results, which have no time step
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** The code an authenticator shows at `now` (tests, and nothing else, need to compute one). */
export function totpCodeAt(secretB32: string, now: Date): string {
  return generateSync({ secret: secretB32, period: TOTP_PERIOD_S, epoch: Math.floor(now.getTime() / 1000) });
}
