import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/adapters/crypto/secret-box';
import { credentialAad } from '@/adapters/repo/credentials';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { binanceClient } from '@/adapters/exchange/binance';
import { createLogger } from '@/adapters/logging/logger';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { openChannelConfig, sealChannelConfig } from '@/adapters/notify/channels';
import { CHECKLIST_ITEMS } from '@/domain/stages/checklist-items';
import type { Role } from '@/generated/prisma/enums';
import type { SessionUser } from '@/server/auth/current-user';
import { openTotpSecret, sealTotpSecret } from '@/server/auth/second-factor';
import { serverEnv } from '@/server/env';
import { runAutoChecks } from '@/server/services/checklist/auto-checks';
import { addCredential } from '@/server/services/credentials/credentials';
import { checkMasterKey, rotateMasterKey } from '@/server/services/keys/master-key-rotation';
import { promoteStage } from '@/server/services/stages/stage-actions';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { createKeyRefresher } from '@/worker/live/key-refresh';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';
import { seedGoodPaperHistory } from '../support/paper-history';

const log = createLogger('test', 'silent');


const KEYS = {
  a: { apiKey: 'rotationKeyA00001', apiSecret: 'secret-of-key-a-0001' },
  b: { apiKey: 'rotationKeyB00002', apiSecret: 'secret-of-key-b-0002' },
  withdraw: { apiKey: 'rotationKeyW00003', apiSecret: 'secret-of-key-w-0003' },
  d: { apiKey: 'rotationKeyD00004', apiSecret: 'secret-of-key-d-0004' },
};

describe('exchange key rotation in Settings, verified against the exchange emulator', () => {
  let t: TestDb;
  let emu: ExchangeEmulator;
  let url: string;
  let accountId: string;
  let users: Record<Role, SessionUser>;
  const encryptionKey = () => serverEnv().SENTINEL_ENCRYPTION_KEY;

  beforeAll(async () => {
    t = await createTestDb('key_rotation');
    accountId = (await ensureBaseData(t.db, { now: new Date('2026-01-01T00:00:00Z'), capitalAllocationCap: 1 })).account.id;
    users = await seedUsers(t.db);
    const btc = marketFromSeries(loadCandlesCsv(path.resolve(import.meta.dirname, '../../data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 0, 5) }));
    // each emulator key has its own balance: the balance read tells which key signed the request
    emu = new ExchangeEmulator({ markets: [btc], accounts: [
      { apiKey: KEYS.a.apiKey, secret: KEYS.a.apiSecret, balances: { USDT: 111 } },
      { apiKey: KEYS.b.apiKey, secret: KEYS.b.apiSecret, balances: { USDT: 222 } },
      { apiKey: KEYS.withdraw.apiKey, secret: KEYS.withdraw.apiSecret, balances: { USDT: 333 }, enableWithdrawals: true },
      { apiKey: KEYS.d.apiKey, secret: KEYS.d.apiSecret, balances: { USDT: 444 } },
    ] });
    url = await emu.listen();
    // the account's own exchange URL: what verification, rotation and the worker use before EXCHANGE_API_URL
    await t.db.tradingAccount.update({ where: { id: accountId }, data: { apiUrl: url } });
  }, 60_000);
  afterAll(async () => { await emu?.close(); await t?.drop(); });

  const active = () => t.db.exchangeCredential.findFirstOrThrow({ where: { accountId, status: 'ACTIVE' } });

  it('a key that fails verification changes nothing and says why; an operator cannot rotate', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    await expect(admin.credentials.rotate({ accountId, ...KEYS.b })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/no active exchange key to rotate/) });
    await admin.credentials.add({ accountId, ...KEYS.a });
    await admin.credentials.verify({ accountId });
    const before = await active();
    const rows = await t.db.exchangeCredential.count();

    await expect(admin.credentials.rotate({ accountId, apiKey: KEYS.b.apiKey, apiSecret: 'not-the-right-secret' }))
      .rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/^the new key …0002 was not accepted: it does not authenticate \(AuthenticationError.*Nothing changed: …0001 stays active$/s) });
    await expect(admin.credentials.rotate({ accountId, apiKey: 'unknownKey000099', apiSecret: 'whatever-secret' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(admin.credentials.rotate({ accountId, ...KEYS.a })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/apiKey: …0001 is the active key already/) });
    await expect(admin.credentials.rotate({ accountId, apiKey: 'short', apiSecret: 'long-enough-secret' })).rejects.toThrow(/apiKey: at least 8 characters/);
    await expect(callerAs(t.db, users.OPERATOR).credentials.rotate({ accountId, ...KEYS.b })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    expect(await active()).toEqual(before);
    expect(await t.db.exchangeCredential.count()).toBe(rows);
    expect(await t.db.auditLog.count({ where: { action: 'credentials.rotated' } })).toBe(0);
  });

  it('a working key becomes ACTIVE and the old one RETIRED in one step, audited by last 4 only; the live loop signs with the new key without a restart', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    const old = await active();
    // the worker's view: started on key A
    const started = await t.db.exchangeCredential.findUniqueOrThrow({ where: { id: old.id } });
    const client = binanceClient(url, { apiKey: KEYS.a.apiKey, secret: KEYS.a.apiSecret });
    const refreshKey = createKeyRefresher(t.db, log, { accountId, encryptionKey: encryptionKey(), credentialId: started.id, keyLast4: started.keyLast4, now: () => new Date() });
    expect(await refreshKey(client)).toEqual({ status: 'unchanged' });
    expect((await client.fetchBalance())['USDT']!.total).toBe(111);

    const r = await admin.credentials.rotate({ accountId, ...KEYS.b });
    expect(r).toMatchObject({ keyLast4: '0002', retiredKeyLast4: '0001', canWithdraw: false, canTrade: true });

    const retired = await t.db.exchangeCredential.findUniqueOrThrow({ where: { id: old.id } });
    expect(retired).toMatchObject({ status: 'RETIRED', retiredAt: r.verifiedAt });
    const now = await active();
    expect(now).toMatchObject({ id: r.id, keyLast4: '0002', verifiedAt: r.verifiedAt, hasWithdrawPermission: false });
    expect(decryptSecret(now.apiSecretEnc, encryptionKey(), credentialAad(now.id, 'apiSecret'))).toBe(KEYS.b.apiSecret);

    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'credentials.rotated' } });
    expect(audit).toMatchObject({ actorId: users.ADMIN.id, accountId, targetId: r.id });
    expect(audit.details).toMatchObject({ retiredKeyLast4: '0001', newKeyLast4: '0002' });
    expect(JSON.stringify(audit.details)).not.toMatch(/rotationKey|secret-of-key/);

    // Settings lists the history by last 4 only
    const listed = await admin.credentials.list();
    expect(listed.keys.map((k) => [k.keyLast4, k.status, k.retiredAt !== null])).toEqual([['0002', 'ACTIVE', false], ['0001', 'RETIRED', true]]);
    expect(JSON.stringify(listed)).not.toMatch(/rotationKey|secret-of-key/);

    // the next live pass: the client now signs with key B
    expect(await refreshKey(client)).toEqual({ status: 'rotated', fromLast4: '0001', toLast4: '0002' });
    expect((await client.fetchBalance())['USDT']!.total).toBe(222);
    expect(await refreshKey(client)).toEqual({ status: 'unchanged' });
  });

  it('a new key the worker cannot decrypt (the master key rotated under it) leaves it on the old key and raises a critical alert', async () => {
    const client = binanceClient(url, { apiKey: KEYS.b.apiKey, secret: KEYS.b.apiSecret });
    const cur = await active();
    const refreshKey = createKeyRefresher(t.db, log, { accountId, encryptionKey: randomBytes(32).toString('base64'), credentialId: 'an-older-key', keyLast4: '0001', now: () => new Date() });
    expect(await refreshKey(client)).toMatchObject({ status: 'unreadable' });
    expect(client.apiKey).toBe(KEYS.b.apiKey);
    expect(await t.db.alert.findFirst({ where: { code: 'KEY_ROTATION_UNREADABLE', status: 'OPEN' } })).toMatchObject({ severity: 'CRITICAL', accountId });
    // with the right key it switches and clears the alert
    const ok = createKeyRefresher(t.db, log, { accountId, encryptionKey: encryptionKey(), credentialId: 'an-older-key', keyLast4: '0001', now: () => new Date() });
    expect(await ok(client)).toEqual({ status: 'rotated', fromLast4: '0001', toLast4: cur.keyLast4 });
    expect(await t.db.alert.count({ where: { code: 'KEY_ROTATION_UNREADABLE', status: 'OPEN' } })).toBe(0);
  });

  it('a key that can withdraw (or whose permission is unknown) blocks promotion beyond paper with the reason, and raises KEY_CAN_WITHDRAW; rotating to a trade-only key clears both', async () => {
    await seedGoodPaperHistory(t, accountId);
    const op = callerAs(t.db, users.OPERATOR);
    const admin = callerAs(t.db, users.ADMIN);
    for (const [key, , , , isAutomatic] of CHECKLIST_ITEMS) if (!isAutomatic) await op.checklist.setTick({ accountId, key: key as never, isTicked: true });
    await t.db.paperReplay.create({ data: { accountId, cash: 500, feed: {} } });
    const env = { ...serverEnv(), TRADING_MODE: 'live' as const };
    // every automatic check stubbed green, the exchange ones included: the gate reads the key's row itself
    const autoChecks: typeof runAutoChecks = async (c) => {
      const real = await runAutoChecks(c);
      const ok = { status: 'verified' as const, evidence: 'stubbed', checkedAt: c.now };
      return { ...real, 'env.credentials': ok, 'exchange.permissions': ok, 'exchange.withdrawals': ok, 'ops.backup': ok };
    };
    const actor = { id: users.OPERATOR.id, label: users.OPERATOR.email, ip: '127.0.0.1' };
    const promote = () => promoteStage(t.db, actor, { accountId, toOrdinal: 2, note: 'paper criteria met over 60 days' }, env, new Date(), { autoChecks });

    await admin.credentials.rotate({ accountId, ...KEYS.withdraw });
    await expect(promote()).rejects.toMatchObject({ code: 'PRECONDITION_FAILED',
      message: 'promotion to Small live is blocked: Exchange key …0003 CAN WITHDRAW: promotion beyond paper is refused; rotate it in Settings → Exchange keys to a key with withdrawals disabled' });
    expect(await t.db.alert.findFirst({ where: { code: 'KEY_CAN_WITHDRAW', status: 'OPEN' } })).toMatchObject({ severity: 'WARNING', accountId, message: expect.stringContaining('…0003') });
    expect((await op.stages.get()).gate.reasons).toContain('Exchange key …0003 CAN WITHDRAW: promotion beyond paper is refused; rotate it in Settings → Exchange keys to a key with withdrawals disabled');

    // unknown counts as may-withdraw: a key stored without verification (the CLI's set-key) blocks too
    await addCredential(t.db, { id: users.ADMIN.id, label: users.ADMIN.email }, { accountId, ...KEYS.d }, encryptionKey(), new Date());
    await expect(promote()).rejects.toThrow(/Exchange key …0004: withdrawal permission unknown \(never verified\)/);

    // a verified trade-only key: the warning resolves and the promotion goes through
    await admin.credentials.rotate({ accountId, ...KEYS.b });
    expect(await t.db.alert.count({ where: { code: 'KEY_CAN_WITHDRAW', status: 'OPEN' } })).toBe(0);
    const done = await promote();
    expect(done.isDuplicate).toBe(false);
    expect((await t.db.tradingAccount.findUniqueOrThrow({ where: { id: accountId }, include: { currentStage: true } })).currentStage?.name).toBe('Small live');

    // past paper the worker never gets a key that can withdraw, nor one the exchange was not asked about
    await expect(admin.credentials.rotate({ accountId, ...KEYS.withdraw })).rejects.toThrow(/can withdraw funds, and Small live trades real money: use a trade-only key/);
    await expect(addCredential(t.db, { id: users.ADMIN.id, label: users.ADMIN.email }, { accountId, ...KEYS.d }, encryptionKey(), new Date()))
      .rejects.toThrow(/the account is at Small live: replace its key with Rotate/);
    expect((await active()).keyLast4).toBe(KEYS.b.apiKey.slice(-4));
  });
});

describe('master key rotation (npm run keys:rotate)', () => {
  let t: TestDb;
  const K1 = randomBytes(32).toString('base64');
  const K2 = randomBytes(32).toString('base64');
  const actor = { id: null, label: 'cli:test' };
  let ids: { credential: string; channel: string; user: string };

  beforeAll(async () => {
    t = await createTestDb('master_key');
    const { account } = await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 });
    const users = await seedUsers(t.db);
    const cred = await addCredential(t.db, { id: null, label: 'test' }, { accountId: account.id, apiKey: 'masterKeyTest0001', apiSecret: 'master-secret-0001', passphrase: 'pass-phrase-01' }, K1, new Date());
    const ch = await t.db.alertChannel.create({ data: { name: 'ops webhook', kind: 'webhook', config: {} } });
    await t.db.alertChannel.update({ where: { id: ch.id }, data: { config: sealChannelConfig('webhook', { url: 'https://hooks.example.test/T0K3N', signingSecret: 'webhook-signing-secret-1' }, K1, ch.id) as object } });
    await t.db.user.update({ where: { id: users.OPERATOR.id }, data: { totpSecretEnc: sealTotpSecret('JBSWY3DPEHPK3PXP', users.OPERATOR.id, K1) } });
    ids = { credential: cred.id, channel: ch.id, user: users.OPERATOR.id };
  }, 60_000);
  afterAll(async () => { await t?.drop(); });

  /** Every secret opened with `key` (throws if one does not). */
  async function openAll(key: string) {
    const c = await t.db.exchangeCredential.findUniqueOrThrow({ where: { id: ids.credential } });
    const ch = await t.db.alertChannel.findUniqueOrThrow({ where: { id: ids.channel } });
    const u = await t.db.user.findUniqueOrThrow({ where: { id: ids.user } });
    return {
      apiKey: decryptSecret(c.apiKeyEnc, key, credentialAad(c.id, 'apiKey')),
      apiSecret: decryptSecret(c.apiSecretEnc, key, credentialAad(c.id, 'apiSecret')),
      passphrase: decryptSecret(c.passphraseEnc!, key, credentialAad(c.id, 'passphrase')),
      channel: openChannelConfig('webhook', ch.config, key, ch.id),
      totp: openTotpSecret(u.totpSecretEnc!, u.id, key),
    };
  }
  const expected = { apiKey: 'masterKeyTest0001', apiSecret: 'master-secret-0001', passphrase: 'pass-phrase-01',
    channel: { url: 'https://hooks.example.test/T0K3N', signingSecret: 'webhook-signing-secret-1' }, totp: 'JBSWY3DPEHPK3PXP' };

  it('a failure midway rolls everything back: every secret still opens with K1 only', async () => {
    await expect(rotateMasterKey(t.db, { fromKey: K1, toKey: K2, actor, now: new Date(), onRowWritten: (done) => { if (done === 2) throw new Error('disk full (injected)'); } }))
      .rejects.toThrow(/injected/);
    expect(await openAll(K1)).toEqual(expected);
    await expect(openAll(K2)).rejects.toThrow();
    expect(await t.db.auditLog.count({ where: { action: 'keys.rotated' } })).toBe(0);
  });

  it('refuses, changing nothing, when a secret does not decrypt with the current key, naming the row but not the secret', async () => {
    await expect(rotateMasterKey(t.db, { fromKey: K2, toKey: randomBytes(32).toString('base64'), actor, now: new Date() }))
      .rejects.toMatchObject({ code: 'PRECONDITION_FAILED', message: expect.stringMatching(/^3 secret\(s\) do not decrypt with the current SENTINEL_ENCRYPTION_KEY, so nothing was changed: ExchangeCredential .* apiKey; AlertChannel .*\(ops webhook\); User operator@/) });
    await expect(rotateMasterKey(t.db, { fromKey: K1, toKey: K1, actor, now: new Date() })).rejects.toThrow(/the new key is the current key/);
    await expect(rotateMasterKey(t.db, { fromKey: K1, toKey: 'c2hvcnQ=', actor, now: new Date() })).rejects.toThrow(/the new key must be 32 random bytes/);
    expect(await openAll(K1)).toEqual(expected);
    expect((await checkMasterKey(t.db, K1)).failed).toEqual([]);
  });

  it('round trip: K1 → K2 re-encrypts every secret in one transaction; all open with K2 and none with K1; audited with counts only', async () => {
    const counts = await rotateMasterKey(t.db, { fromKey: K1, toKey: K2, actor, now: new Date() });
    expect(counts).toEqual({ credentials: 1, channels: 1, totpSecrets: 1, fields: 6 });
    expect(await openAll(K2)).toEqual(expected);
    await expect(openAll(K1)).rejects.toThrow();
    expect((await checkMasterKey(t.db, K1)).failed).toHaveLength(3);
    expect((await checkMasterKey(t.db, K2)).failed).toEqual([]);
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'keys.rotated' } });
    expect(audit.details).toEqual(counts);
    // the channel's last-4 hints for the UI are kept
    const ch = await t.db.alertChannel.findUniqueOrThrow({ where: { id: ids.channel } });
    expect(ch.config).toMatchObject({ urlLast4: '0K3N', signingSecretLast4: 'et-1' });
  });

  it('the CLI: refuses a deployment without SENTINEL_NEW_ENCRYPTION_KEY, rotates with it and says what to update; --check confirms', async () => {
    const tsx = path.join(import.meta.dirname, '../../node_modules/.bin/tsx');
    const script = path.join(import.meta.dirname, '../../scripts/keys-rotate.ts');
    const run = (env: Record<string, string>, args: string[] = []) => promisify(execFile)(tsx, [script, ...args], { env: { ...process.env, DATABASE_URL: t.url, ...env } });
    const K3 = randomBytes(32).toString('base64');
    await expect(run({ SENTINEL_ENCRYPTION_KEY: K2 })).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/^SENTINEL_NEW_ENCRYPTION_KEY is required/) });
    const out = await run({ SENTINEL_ENCRYPTION_KEY: K2, SENTINEL_NEW_ENCRYPTION_KEY: K3 });
    expect(out.stdout).toMatch(/re-encrypted 6 secret field\(s\): 1 exchange key\(s\), 1 alert channel\(s\), 1 TOTP secret\(s\)/);
    expect(out.stdout).toMatch(/NOW set SENTINEL_ENCRYPTION_KEY to the value of SENTINEL_NEW_ENCRYPTION_KEY/);
    expect(await openAll(K3)).toEqual(expected);
    expect((await run({ SENTINEL_ENCRYPTION_KEY: K3 }, ['--check'])).stdout).toMatch(/every secret opens with the current SENTINEL_ENCRYPTION_KEY/);
    await expect(run({ SENTINEL_ENCRYPTION_KEY: K2 }, ['--check'])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/3 do not open with the current key/) });
  }, 60_000);
});
