import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, last4 } from '@/adapters/crypto/secret-box';

const KEY = randomBytes(32).toString('base64');
const OTHER_KEY = randomBytes(32).toString('base64');
const AAD = 'ExchangeAccount:acc_1:apiSecret';

type Part = 'iv' | 'tag' | 'ct';
const INDEX: Record<Part, number> = { iv: 1, tag: 2, ct: 3 };

/** Flip one bit in the first byte of one part of a sealed string. */
function tamper(sealed: string, part: Part): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[INDEX[part]]!, 'base64');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[INDEX[part]] = bytes.toString('base64');
  return parts.join(':');
}

describe('encryptSecret / decryptSecret', () => {
  it.each(['sk-live-0123456789abcdef', '', 'päss wörd 🔑'])('round-trips %j', (plaintext) => {
    expect(decryptSecret(encryptSecret(plaintext, KEY, AAD), KEY, AAD)).toBe(plaintext);
  });

  it('round-trips without AAD', () => {
    expect(decryptSecret(encryptSecret('token', KEY), KEY)).toBe('token');
  });

  it('writes v1:<12-byte iv>:<16-byte tag>:<ciphertext> and never the plaintext', () => {
    const sealed = encryptSecret('sk-live-secret', KEY, AAD);
    const [v, iv, tag, ct] = sealed.split(':');
    expect(v).toBe('v1');
    expect(Buffer.from(iv!, 'base64')).toHaveLength(12);
    expect(Buffer.from(tag!, 'base64')).toHaveLength(16);
    expect(Buffer.from(ct!, 'base64')).toHaveLength('sk-live-secret'.length);
    expect(sealed).not.toContain('sk-live-secret');
  });

  it('uses a fresh IV each time, so equal plaintexts seal differently', () => {
    const a = encryptSecret('same', KEY, AAD);
    const b = encryptSecret('same', KEY, AAD);
    expect(a.split(':')[1]).not.toBe(b.split(':')[1]);
    expect(a).not.toBe(b);
  });

  it.each(['ct', 'tag', 'iv'] as const)('throws when the %s was tampered with', (part) => {
    const sealed = encryptSecret('sk-live-secret', KEY, AAD);
    expect(() => decryptSecret(tamper(sealed, part), KEY, AAD)).toThrow();
  });

  it('throws with the wrong key', () => {
    expect(() => decryptSecret(encryptSecret('s', KEY, AAD), OTHER_KEY, AAD)).toThrow();
  });

  it('throws with the wrong AAD: a ciphertext copied to another row does not decrypt', () => {
    const sealed = encryptSecret('s', KEY, AAD);
    expect(() => decryptSecret(sealed, KEY, 'ExchangeAccount:acc_2:apiSecret')).toThrow();
    expect(() => decryptSecret(sealed, KEY)).toThrow();
  });

  it('refuses a key that is not 32 bytes', () => {
    const shortKey = randomBytes(16).toString('base64');
    expect(() => encryptSecret('s', shortKey)).toThrow('encryption key must be 32 bytes');
    expect(() => decryptSecret(encryptSecret('s', KEY), shortKey)).toThrow('encryption key must be 32 bytes');
  });

  it.each(['', 'plain text', 'v2:a:b:c', 'v1:onlyiv'])('refuses %j as not a v1 ciphertext', (sealed) => {
    expect(() => decryptSecret(sealed, KEY)).toThrow('not a Sentinel v1 ciphertext');
  });
});

describe('last4', () => {
  it.each([
    ['sk-live-0123456789abcd', 'abcd'],
    ['abcd', 'abcd'],
    ['', ''],
  ])('last4(%j) = %j', (secret, tail) => {
    expect(last4(secret)).toBe(tail);
  });
});

describe('decryptSecret with a truncated tag', () => {
  it('refuses a 4-byte tag (GCM would otherwise accept it)', () => {
    const key = Buffer.alloc(32, 7).toString('base64');
    const [v, iv, tag, ct] = encryptSecret('hello', key).split(':');
    const short = [v, iv, Buffer.from(tag!, 'base64').subarray(0, 4).toString('base64'), ct].join(':');
    expect(() => decryptSecret(short, key)).toThrow();
  });
});
