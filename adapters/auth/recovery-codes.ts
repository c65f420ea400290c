import { createHash, randomBytes } from 'node:crypto';

/**
 * One-time recovery codes for a lost authenticator: 10 codes of 80 random bits each,
 * shown once; only a SHA-256 of each is stored.
 *
 * Why a fast hash is enough here (and scrypt is used for passwords): a slow hash protects
 * LOW-entropy secrets that an attacker with the hashes can guess. These codes are 80
 * uniformly random bits: with the database in hand, finding one code by brute force
 * takes ~2^79 SHA-256 evaluations, about 19,000 years at 10^12 hashes a second, so
 * stretching adds nothing. Online guessing is bounded by the login lockout.
 */
export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'; // 32 symbols (no 0/O, 1/I): 5 bits each, easy to read aloud

/** `xxxx-xxxx-xxxx-xxxx` (16 symbols × 5 bits = 80 bits). */
export function newRecoveryCode(): string {
  const bytes = randomBytes(10); // 80 bits, read 5 at a time
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let out = '';
  for (let i = 15; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return out.match(/.{4}/g)!.join('-').toLowerCase();
}

/** Case, spaces and dashes do not matter when a person types a code back. */
export function normaliseRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}

export const RECOVERY_CODE_PATTERN = /^[A-HJ-NP-Z2-9]{16}$/;

export function hashRecoveryCode(code: string): string {
  return `sha256$${createHash('sha256').update(normaliseRecoveryCode(code)).digest('hex')}`;
}
