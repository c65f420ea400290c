import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt, a memory-hard KDF built into Node (no native addon to download):
 * N=2^15, r=8, p=1 uses 32 MiB per hash (OWASP's minimum for scrypt is N=2^17 with
 * r=8 p=1, or equivalent cost; 2^15 keeps login fast on 2 cores while memory-hard).
 * Stored as scrypt$N$r$p$salt$hash so parameters can be raised later.
 */
const PARAMS = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LEN = 32;

function derive(password: string, salt: Buffer, o: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = { N: o.N, r: o.r, p: o.p, maxmem: 256 * o.N * o.r };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LEN, options, (err, key) => (err ? reject(err) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** False for a wrong password and for any malformed or out-of-bounds stored hash (never throws). */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [alg, n, r, p, salt, hash] = stored.split('$');
  const o = { N: Number(n), r: Number(r), p: Number(p) };
  // bounds keep a tampered row from costing gigabytes: N a power of two in [2^14, 2^17]
  const isSane = Number.isInteger(Math.log2(o.N)) && o.N >= 2 ** 14 && o.N <= 2 ** 17
    && Number.isInteger(o.r) && o.r >= 1 && o.r <= 16 && Number.isInteger(o.p) && o.p >= 1 && o.p <= 4;
  if (alg !== 'scrypt' || !salt || !hash || !isSane) return false;
  const expected = Buffer.from(hash, 'base64');
  if (expected.length !== KEY_LEN) return false;
  const key = await derive(password, Buffer.from(salt, 'base64'), o);
  return timingSafeEqual(key, expected);
}

/** A generated password: 20 characters from an unambiguous alphabet (~114 bits). */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(20);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
