import { z } from 'zod';
import type { Db, Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { encryptSecret, last4 } from '@/adapters/crypto/secret-box';
import { credentialAad, loadActiveKey } from '@/adapters/repo/credentials';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { binanceClient, checkKey, exchangeBaseUrl, type KeyCheck } from '@/adapters/exchange/binance';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

type ExchangeEnv = { EXCHANGE_API_URL?: string; EXCHANGE_SANDBOX: boolean };

const secret = (field: string) => z.string().trim().min(8, `${field}: at least 8 characters`).max(512, `${field}: at most 512 characters`)
  .regex(/^[\x21-\x7e]+$/, `${field}: printable characters without spaces only`);

export const addCredentialInput = z.object({
  accountId: z.uuid('accountId: must be a trading account id'),
  apiKey: secret('apiKey'),
  apiSecret: secret('apiSecret'),
  passphrase: secret('passphrase').optional(),
});
type KeyInput = z.infer<typeof addCredentialInput>;

/** The exchange an account's key is checked against: the account's own URL (a backup account), else the environment's — the worker's rule too. */
const accountExchangeUrl = (account: { apiUrl: string | null }, env: ExchangeEnv) => account.apiUrl ?? exchangeBaseUrl(env);

/** Lock the account row: two key changes at once retire each other in turn, never leave two ACTIVE keys. */
async function lockAccountRow(tx: Tx, accountId: string) {
  const [locked] = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "TradingAccount" WHERE id = ${accountId}::uuid FOR UPDATE`;
  if (!locked) throw new AppError('NOT_FOUND', `no trading account ${accountId}`);
  return tx.tradingAccount.findUniqueOrThrow({ where: { id: accountId } });
}

/**
 * Insert a key row and seal its secrets bound to that row and field (the id is needed for
 * the associated data, hence the two writes). The caller retires the previous key.
 */
async function insertSealedKey(tx: Tx, input: KeyInput, encryptionKey: string, now: Date, evidence: { verifiedAt: Date | null; hasWithdrawPermission: boolean | null }) {
  const row = await tx.exchangeCredential.create({ data: { accountId: input.accountId, apiKeyEnc: 'pending', apiSecretEnc: 'pending', keyLast4: last4(input.apiKey), createdAt: now, ...evidence } });
  const aad = (field: 'apiKey' | 'apiSecret' | 'passphrase') => credentialAad(row.id, field);
  await tx.exchangeCredential.update({ where: { id: row.id }, data: {
    apiKeyEnc: encryptSecret(input.apiKey, encryptionKey, aad('apiKey')), apiSecretEnc: encryptSecret(input.apiSecret, encryptionKey, aad('apiSecret')),
    passphraseEnc: input.passphrase ? encryptSecret(input.passphrase, encryptionKey, aad('passphrase')) : null,
  } });
  return row;
}

/**
 * KEY_CAN_WITHDRAW follows the active key's permission: raised (WARNING) when the exchange
 * says it may withdraw — such a key blocks every promotion beyond paper — resolved when the
 * active key is known not to. An unknown permission leaves the alert as it is: the gate
 * already refuses an unverified key, and only the exchange's answer may clear a warning.
 */
async function recordWithdrawPermission(tx: Tx, accountId: string, keyLast4: string, canWithdraw: boolean | null, exchange: string, at: Date) {
  const dedupKey = `${accountId}:KEY_CAN_WITHDRAW`;
  if (canWithdraw === true) {
    await raiseAlert(tx, { severity: 'WARNING', code: 'KEY_CAN_WITHDRAW', accountId, dedupKey,
      message: `exchange key …${keyLast4} has withdrawal permission: promotion beyond paper is blocked until it is replaced by a key that cannot withdraw`, evidence: { keyLast4, exchange } }, at);
  } else if (canWithdraw === false) await resolveAlert(tx, dedupKey, at);
}

/**
 * Store an exchange key for an account: encrypted at rest (AES-256-GCM, bound to its row
 * and field), never returned again — the dashboard shows its last 4 characters only. The
 * account's previous active key is retired in the same transaction (one active key). The
 * key is not checked here (the CLI's `set-key`, a first key in Settings): Verify, or a
 * rotation, asks the exchange; until then the checklist and the promotion gate refuse it.
 */
export async function addCredential(db: Db, actor: Actor, input: KeyInput, encryptionKey: string, now: Date) {
  return db.$transaction(async (tx) => {
    const account = await lockAccountRow(tx, input.accountId);
    // past paper the active key trades real money: a replacement goes through Rotate, which asks the exchange first
    const stage = await tx.tradingAccount.findUniqueOrThrow({ where: { id: input.accountId }, select: { currentStage: { select: { ordinal: true, name: true } } } });
    const hasActive = await tx.exchangeCredential.count({ where: { accountId: input.accountId, status: 'ACTIVE' } });
    if (hasActive && (stage.currentStage?.ordinal ?? 1) > 1) {
      throw new AppError('PRECONDITION_FAILED', `the account is at ${stage.currentStage!.name}: replace its key with Rotate, which verifies the new key (and its withdrawal permission) with the exchange first. Nothing changed`);
    }
    const retired = await tx.exchangeCredential.updateMany({ where: { accountId: input.accountId, status: 'ACTIVE' }, data: { status: 'RETIRED', retiredAt: now } });
    const row = await insertSealedKey(tx, input, encryptionKey, now, { verifiedAt: null, hasWithdrawPermission: null });
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
export async function verifyCredential(db: Db, actor: Actor, input: z.infer<typeof verifyCredentialInput>, env: ExchangeEnv, encryptionKey: string, now: () => Date) {
  const account = await db.tradingAccount.findUnique({ where: { id: input.accountId }, select: { apiUrl: true } });
  if (!account) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
  const cred = await loadActiveKey(db, input.accountId, encryptionKey);
  if (!cred) throw new AppError('PRECONDITION_FAILED', 'the account has no exchange key: enter one first');
  const url = accountExchangeUrl(account, env);
  const result = await checkKey(binanceClient(url, { apiKey: cred.apiKey, secret: cred.secret }));
  const at = now();
  await db.$transaction(async (tx) => {
    await tx.exchangeCredential.update({ where: { id: cred.id }, data: { verifiedAt: result.isWorking ? at : null, hasWithdrawPermission: result.canWithdraw } });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'credentials.verified', accountId: input.accountId, targetType: 'ExchangeCredential', targetId: cred.id,
      details: { keyLast4: cred.keyLast4, exchange: url, ...result } }, at);
    await recordWithdrawPermission(tx, input.accountId, cred.keyLast4, result.canWithdraw, url, at);
  });
  return { keyLast4: cred.keyLast4, exchange: url, ...result, checkedAt: at };
}

export const rotateCredentialInput = addCredentialInput;

/** Why a new key is not accepted for a rotation, or null when it is: it must authenticate and its permissions must be readable. */
export function rotationRefusal(check: KeyCheck): string | null {
  if (!check.isWorking) return `it does not authenticate (${check.error ?? 'no reason given'})`;
  if (check.canWithdraw === null) return `its permissions could not be read (${check.error ?? 'no reason given'}), so whether it can withdraw is unknown`;
  return null;
}

/**
 * Rotate an account's exchange key: the new key is checked against the exchange first (the
 * same check as Verify: it authenticates, its permissions are read), outside any
 * transaction. Only a key that passes is stored: in one transaction, under the account's
 * lock, it becomes ACTIVE with its verification evidence and the old key RETIRED; the
 * audit row `credentials.rotated` names both keys by their last 4 characters only. A
 * refused key changes nothing. The worker notices the new active key on its next pass.
 */
export async function rotateCredential(db: Db, actor: Actor, input: KeyInput, env: ExchangeEnv, encryptionKey: string, now: () => Date) {
  const account = await db.tradingAccount.findUnique({ where: { id: input.accountId }, select: { apiUrl: true } });
  if (!account) throw new AppError('NOT_FOUND', `no trading account ${input.accountId}`);
  const old = await loadActiveKey(db, input.accountId, encryptionKey);
  if (!old) throw new AppError('PRECONDITION_FAILED', 'the account has no active exchange key to rotate: save a first key instead');
  const newLast4 = last4(input.apiKey);
  if (old.apiKey === input.apiKey) throw new AppError('BAD_REQUEST', `apiKey: …${newLast4} is the active key already: a rotation needs a new key`);
  const url = accountExchangeUrl(account, env);
  const check = await checkKey(binanceClient(url, { apiKey: input.apiKey, secret: input.apiSecret }));
  const stage = await db.tradingAccount.findUniqueOrThrow({ where: { id: input.accountId }, select: { currentStage: { select: { ordinal: true, name: true } } } });
  // past paper, a key that can (or might) withdraw never becomes the one the worker trades with
  const refusal = rotationRefusal(check) ?? ((stage.currentStage?.ordinal ?? 1) > 1 && check.canWithdraw !== false
    ? `it ${check.canWithdraw ? 'can withdraw funds' : 'may withdraw funds (its permissions could not be read)'}, and ${stage.currentStage!.name} trades real money: use a trade-only key`
    : null);
  if (refusal) throw new AppError('PRECONDITION_FAILED', `the new key …${newLast4} was not accepted: ${refusal} at ${url}. Nothing changed: …${old.keyLast4} stays active`);
  const at = now();
  return db.$transaction(async (tx) => {
    const acct = await lockAccountRow(tx, input.accountId);
    // an admin rotated (or replaced) the key while the exchange answered: this rotation was decided against a key that is gone
    const active = await tx.exchangeCredential.findFirst({ where: { accountId: input.accountId, status: 'ACTIVE' }, select: { id: true } });
    if (active?.id !== old.id) throw new AppError('CONFLICT', `the active key changed while …${newLast4} was being verified: reload Settings and rotate again. Nothing changed`);
    await tx.exchangeCredential.update({ where: { id: old.id }, data: { status: 'RETIRED', retiredAt: at } });
    const row = await insertSealedKey(tx, input, encryptionKey, at, { verifiedAt: at, hasWithdrawPermission: check.canWithdraw });
    await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'credentials.rotated', accountId: input.accountId, targetType: 'ExchangeCredential', targetId: row.id,
      details: { retiredKeyLast4: old.keyLast4, retiredId: old.id, newKeyLast4: row.keyLast4, exchange: url, venue: acct.exchange, canWithdraw: check.canWithdraw, canTrade: check.canTrade } }, at);
    await recordWithdrawPermission(tx, input.accountId, row.keyLast4, check.canWithdraw, url, at);
    return { id: row.id, keyLast4: row.keyLast4, retiredKeyLast4: old.keyLast4, canWithdraw: check.canWithdraw, canTrade: check.canTrade, verifiedAt: at };
  });
}
