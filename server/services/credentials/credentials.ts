import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { encryptSecret, last4 } from '@/adapters/crypto/secret-box';
import { credentialAad, loadActiveKey } from '@/adapters/repo/credentials';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { binanceClient, checkKey, exchangeBaseUrl } from '@/adapters/exchange/binance';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

const secret = (field: string) => z.string().trim().min(8, `${field}: at least 8 characters`).max(512, `${field}: at most 512 characters`)
  .regex(/^[\x21-\x7e]+$/, `${field}: printable characters without spaces only`);

export const addCredentialInput = z.object({
  accountId: z.uuid('accountId: must be a trading account id'),
  apiKey: secret('apiKey'),
  apiSecret: secret('apiSecret'),
  passphrase: secret('passphrase').optional(),
});

/**
 * Store an exchange key for an account: encrypted at rest (AES-256-GCM, bound to its row
 * and field), never returned again — the dashboard shows its last 4 characters only. The
 * account's previous active key is retired in the same transaction (one active key).
 * Verifying it against the exchange (and reading its permissions) arrives with live trading.
 */
export async function addCredential(db: Db, actor: Actor, input: z.infer<typeof addCredentialInput>, encryptionKey: string, now: Date) {
  return db.$transaction(async (tx) => {
    // the account row locked: two saves at once retire each other in turn, never leave two ACTIVE keys
    const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "TradingAccount" WHERE id = ${input.accountId}::uuid FOR UPDATE`;
    if (!locked) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
    const account = await tx.tradingAccount.findUniqueOrThrow({ where: { id: input.accountId } });
    const retired = await tx.exchangeCredential.updateMany({ where: { accountId: input.accountId, status: 'ACTIVE' }, data: { status: 'RETIRED', retiredAt: now } });
    const row = await tx.exchangeCredential.create({ data: { accountId: input.accountId, apiKeyEnc: 'pending', apiSecretEnc: 'pending', keyLast4: last4(input.apiKey), createdAt: now } });
    const aad = (field: 'apiKey' | 'apiSecret' | 'passphrase') => credentialAad(row.id, field);
    await tx.exchangeCredential.update({ where: { id: row.id }, data: {
      apiKeyEnc: encryptSecret(input.apiKey, encryptionKey, aad('apiKey')), apiSecretEnc: encryptSecret(input.apiSecret, encryptionKey, aad('apiSecret')),
      passphraseEnc: input.passphrase ? encryptSecret(input.passphrase, encryptionKey, aad('passphrase')) : null,
    } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'credentials.added', accountId: input.accountId, targetType: 'ExchangeCredential', targetId: row.id,
      details: { keyLast4: row.keyLast4, retiredPrevious: retired.count, exchange: account.exchange } }, now);
    return { id: row.id, keyLast4: row.keyLast4, retiredPrevious: retired.count };
  });
}

export const verifyCredentialInput = z.object({ accountId: z.uuid('accountId: must be a trading account id') });

/**
 * Ask the exchange what the account's active key can do (adapters/exchange/binance.ts
 * checkKey) and store the evidence the checklist reads: verifiedAt when it authenticates,
 * hasWithdrawPermission from the key's restrictions. The network call runs outside any
 * transaction; the result is written, audited and, for a key that can withdraw, alerted
 * (such a key blocks every promotion beyond paper) in one transaction afterwards.
 */
export async function verifyCredential(db: Db, actor: Actor, input: z.infer<typeof verifyCredentialInput>, env: { EXCHANGE_API_URL?: string; EXCHANGE_SANDBOX: boolean }, encryptionKey: string, now: () => Date) {
  const cred = await loadActiveKey(db, input.accountId, encryptionKey);
  if (!cred) throw new AppError('PRECONDITION_FAILED', 'the account has no exchange key: enter one first');
  const key = { apiKey: cred.apiKey, secret: cred.secret };
  const url = exchangeBaseUrl(env);
  const result = await checkKey(binanceClient(url, key));
  const at = now();
  await db.$transaction(async (tx) => {
    await tx.exchangeCredential.update({ where: { id: cred.id }, data: { verifiedAt: result.isWorking ? at : null, hasWithdrawPermission: result.canWithdraw } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'credentials.verified', accountId: input.accountId, targetType: 'ExchangeCredential', targetId: cred.id,
      details: { keyLast4: cred.keyLast4, exchange: url, ...result } }, at);
    const dedupKey = `${input.accountId}:KEY_CAN_WITHDRAW`;
    if (result.canWithdraw) {
      await raiseAlert(tx, { severity: 'WARNING', code: 'KEY_CAN_WITHDRAW', accountId: input.accountId, dedupKey,
        message: `exchange key …${cred.keyLast4} has withdrawal permission: promotion beyond paper is blocked until it is replaced by a key that cannot withdraw`, evidence: { keyLast4: cred.keyLast4, exchange: url } }, at);
    } else await resolveAlert(tx, dedupKey, at);
  });
  return { keyLast4: cred.keyLast4, exchange: url, ...result, checkedAt: at };
}
