import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (exchange API keys, channel tokens).
 * Format: v1:<iv b64>:<tag b64>:<ciphertext b64>. The key is 32 bytes from
 * SENTINEL_ENCRYPTION_KEY (base64). `aad` binds a ciphertext to its row/field,
 * so a ciphertext copied into another row does not decrypt.
 */
export function encryptSecret(plaintext: string, keyB64: string, aad = ''): string {
  const key = keyFrom(keyB64);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
}

export function decryptSecret(sealed: string, keyB64: string, aad = ''): string {
  const [v, iv, tag, ct] = sealed.split(':');
  if (v !== 'v1' || !iv || !tag || ct === undefined) throw new Error('not a Sentinel v1 ciphertext');
  // a full 16-byte tag only: Node would otherwise accept a truncated one (weaker forgery bound)
  const decipher = createDecipheriv('aes-256-gcm', keyFrom(keyB64), Buffer.from(iv, 'base64'), { authTagLength: 16 });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
}

/** The last 4 characters: all the UI ever shows of a key after entry. */
export function last4(secret: string): string {
  return secret.slice(-4);
}

function keyFrom(keyB64: string): Buffer {
  const key = Buffer.from(keyB64, 'base64');
  if (key.length !== 32) throw new Error('encryption key must be 32 bytes (base64)');
  return key;
}
