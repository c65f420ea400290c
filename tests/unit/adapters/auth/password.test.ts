import { beforeAll, describe, expect, it } from 'vitest';
import { generatePassword, hashPassword, verifyPassword } from '@/adapters/auth/password';

// Each scrypt hash or verify costs ~50-100 ms: one shared hash, few derivations.
const PASSWORD = 'correct horse battery staple';

/** Flip the first byte of one base64 field of a stored hash. */
function tamper(stored: string, field: 4 | 5): string {
  const parts = stored.split('$');
  const bytes = Buffer.from(parts[field]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[field] = bytes.toString('base64');
  return parts.join('$');
}

describe('hashPassword / verifyPassword', () => {
  let stored: string;
  beforeAll(async () => { stored = await hashPassword(PASSWORD); });

  it('stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 32-byte key', () => {
    const [alg, n, r, p, salt, hash] = stored.split('$');
    expect([alg, n, r, p]).toEqual(['scrypt', String(2 ** 15), '8', '1']);
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
  });

  it('verifies the right password', async () => {
    expect(await verifyPassword(PASSWORD, stored)).toBe(true);
  });

  it('refuses a wrong password', async () => {
    expect(await verifyPassword(`${PASSWORD}!`, stored)).toBe(false);
  });

  it('salts: two hashes of the same password differ', async () => {
    const again = await hashPassword(PASSWORD);
    expect(again).not.toBe(stored);
    expect(again.split('$')[4]).not.toBe(stored.split('$')[4]);
  });

  it('refuses a stored hash whose key was altered', async () => {
    expect(await verifyPassword(PASSWORD, tamper(stored, 5))).toBe(false);
  });

  it('refuses a stored hash whose salt was altered', async () => {
    expect(await verifyPassword(PASSWORD, tamper(stored, 4))).toBe(false);
  });

  it('refuses a stored hash whose key was truncated', async () => {
    const parts = stored.split('$');
    parts[5] = Buffer.from(parts[5]!, 'base64').subarray(0, 16).toString('base64');
    expect(await verifyPassword(PASSWORD, parts.join('$'))).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['not a hash', 'hunter2'],
    ['another algorithm', 'bcrypt$32768$8$1$c2FsdA==$aGFzaA=='],
    ['missing salt and key', 'scrypt$32768$8$1'],
    ['empty salt and key', 'scrypt$32768$8$1$$'],
  ])('refuses a malformed stored string (%s)', async (_label, malformed) => {
    expect(await verifyPassword(PASSWORD, malformed)).toBe(false);
  });
});

describe('generatePassword', () => {
  const ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const samples = Array.from({ length: 200 }, generatePassword);

  it('is 20 characters from the unambiguous alphabet', () => {
    for (const pw of samples) expect(pw).toMatch(/^[a-hjkmnp-zA-HJ-NP-Z2-9]{20}$/);
  });

  it('never uses look-alike characters', () => {
    expect(samples.join('')).not.toMatch(/[il1oO0I]/);
  });

  it('uses the whole alphabet and does not repeat itself', () => {
    // 4000 draws from 55 symbols: missing one has probability below 1e-25
    expect(new Set(samples.join(''))).toEqual(new Set(ALPHABET));
    expect(new Set(samples).size).toBe(samples.length);
  });
});

describe('verifyPassword on a tampered stored hash', () => {
  it.each([
    'scrypt$x$y$z$c2FsdA==$aGFzaA==',
    'scrypt$3$8$1$c2FsdA==$aGFzaA==',
    `scrypt$${2 ** 20}$8$1$c2FsdA==$${Buffer.alloc(32).toString('base64')}`,
    `scrypt$32768$8$1$c2FsdA==$${Buffer.alloc(8).toString('base64')}`,
  ])('%s → false, never a throw or a huge allocation', async (stored) => {
    await expect(verifyPassword('anything', stored)).resolves.toBe(false);
  });
});
