import type { DbOrTx } from '@/adapters/db/client';
import { decryptSecret } from '@/adapters/crypto/secret-box';

/** The associated data every exchange secret is sealed with: bound to its row and field. */
export const credentialAad = (credentialId: string, field: 'apiKey' | 'apiSecret' | 'passphrase') => `ExchangeCredential:${credentialId}:${field}`;

/**
 * The account's ACTIVE exchange key, decrypted (AES-256-GCM with SENTINEL_ENCRYPTION_KEY),
 * or null when it has none. The plaintext lives only in the caller's memory.
 */
export async function loadActiveKey(db: DbOrTx, accountId: string, encryptionKey: string) {
  const cred = await db.exchangeCredential.findFirst({ where: { accountId, status: 'ACTIVE' } });
  if (!cred) return null;
  return {
    id: cred.id, keyLast4: cred.keyLast4, hasWithdrawPermission: cred.hasWithdrawPermission,
    apiKey: decryptSecret(cred.apiKeyEnc, encryptionKey, credentialAad(cred.id, 'apiKey')),
    secret: decryptSecret(cred.apiSecretEnc, encryptionKey, credentialAad(cred.id, 'apiSecret')),
  };
}
