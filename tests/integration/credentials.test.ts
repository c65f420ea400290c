import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/adapters/crypto/secret-box';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import type { Role } from '@/generated/prisma/enums';
import type { SessionUser } from '@/server/auth/current-user';
import { serverEnv } from '@/server/env';
import path from 'node:path';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { verifyCredential } from '@/server/services/credentials/credentials';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

describe('exchange keys in Settings', () => {
  let t: TestDb;
  let accountId: string;
  let users: Record<Role, SessionUser>;
  beforeAll(async () => {
    t = await createTestDb('credentials');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    users = await seedUsers(t.db);
  });
  afterAll(async () => { await t.drop(); });

  it('a key is stored encrypted (bound to its row), shown only by its last 4 characters, and replaces the previous one', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    const first = await admin.credentials.add({ accountId, apiKey: 'AKIAFIRSTKEY0001', apiSecret: 's3cr3t-value-one' });
    expect(first).toMatchObject({ keyLast4: '0001', retiredPrevious: 0 });
    const second = await admin.credentials.add({ accountId, apiKey: 'AKIASECONDKEY0002', apiSecret: 's3cr3t-value-two' });
    expect(second.retiredPrevious).toBe(1);

    const listed = await admin.credentials.list();
    expect(JSON.stringify(listed)).not.toMatch(/AKIA|s3cr3t/);
    expect(listed.keys.map((k) => [k.keyLast4, k.status])).toEqual([['0002', 'ACTIVE'], ['0001', 'RETIRED']]);

    const row = await t.db.exchangeCredential.findUniqueOrThrow({ where: { id: second.id } });
    expect(row.apiKeyEnc).toMatch(/^v1:/);
    expect(row.apiSecretEnc).not.toContain('s3cr3t');
    const key = serverEnv().SENTINEL_ENCRYPTION_KEY;
    expect(decryptSecret(row.apiSecretEnc, key, `ExchangeCredential:${row.id}:apiSecret`)).toBe('s3cr3t-value-two');
    expect(() => decryptSecret(row.apiSecretEnc, key, `ExchangeCredential:${first.id}:apiSecret`)).toThrow();
    expect(await t.db.auditLog.count({ where: { action: 'credentials.added' } })).toBe(2);

    // the checklist now sees a key, not yet verified against the exchange
    const item = (await admin.checklist.get()).items.find((i) => i.key === 'env.credentials')!;
    expect(item).toMatchObject({ status: 'failed', evidence: 'key …0002 is stored but not verified: Settings → Verify key' });
  });

  it('bad input is refused naming the field, and nothing is written', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    const before = await t.db.exchangeCredential.count();
    await expect(admin.credentials.add({ accountId, apiKey: 'short', apiSecret: 'long-enough-secret' })).rejects.toThrow(/apiKey: at least 8 characters/);
    await expect(admin.credentials.add({ accountId, apiKey: 'with space in it', apiSecret: 'long-enough-secret' })).rejects.toThrow(/apiKey: printable characters without spaces/);
    expect(await t.db.exchangeCredential.count()).toBe(before);
    await expect(callerAs(t.db, users.OPERATOR).credentials.add({ accountId, apiKey: 'AKIAOPERATOR0003', apiSecret: 'long-enough-secret' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('verifying the key against the exchange (the emulator, through real ccxt) stores the evidence the checklist reads; a key that can withdraw is flagged and blocks promotion', async () => {
    const btc = marketFromSeries(loadCandlesCsv(path.resolve(import.meta.dirname, '../../data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 0, 10) }));
    const emu = new ExchangeEmulator({ markets: [btc], accounts: [
      { apiKey: 'tradeOnlyKey000001', secret: 'trade-only-secret', balances: { USDT: 100 } },
      { apiKey: 'withdrawKey0000001', secret: 'withdraw-secret', balances: { USDT: 100 }, enableWithdrawals: true },
    ] });
    const url = await emu.listen();
    try {
      const env = { EXCHANGE_API_URL: url, EXCHANGE_SANDBOX: true };
      const actor = { id: users.ADMIN.id, label: users.ADMIN.email, ip: '127.0.0.1' };
      const key = serverEnv().SENTINEL_ENCRYPTION_KEY;
      const admin = callerAs(t.db, users.ADMIN);
      const item = async (k: string) => (await admin.checklist.get()).items.find((i) => i.key === k)!;

      // a wrong secret: does not authenticate
      await admin.credentials.add({ accountId, apiKey: 'tradeOnlyKey000001', apiSecret: 'not-the-right-secret' });
      expect(await verifyCredential(t.db, actor, { accountId }, env, key, () => new Date())).toMatchObject({ isWorking: false, error: expect.stringMatching(/^AuthenticationError/) });
      expect((await item('env.credentials')).status).toBe('failed');

      // the right trade-only key: verified, cannot withdraw → the three exchange items go green
      await admin.credentials.add({ accountId, apiKey: 'tradeOnlyKey000001', apiSecret: 'trade-only-secret' });
      expect(await verifyCredential(t.db, actor, { accountId }, env, key, () => new Date())).toMatchObject({ isWorking: true, canWithdraw: false, canTrade: true, keyLast4: '0001' });
      expect((await item('env.credentials')).status).toBe('verified');
      expect((await item('exchange.permissions')).status).toBe('verified');
      expect((await item('exchange.withdrawals')).status).toBe('verified');

      // a key that can withdraw: flagged, alerted, and the gate names it
      await admin.credentials.add({ accountId, apiKey: 'withdrawKey0000001', apiSecret: 'withdraw-secret' });
      expect(await verifyCredential(t.db, actor, { accountId }, env, key, () => new Date())).toMatchObject({ isWorking: true, canWithdraw: true });
      expect((await item('exchange.withdrawals')).status).toBe('failed');
      expect((await admin.stages.get()).gate.reasons).toContain('Checklist: Key permissions minimal — check failed: key …0001 CAN withdraw: replace it with a trade-only key');
      expect(await t.db.alert.count({ where: { code: 'KEY_CAN_WITHDRAW', status: 'OPEN' } })).toBe(1);
      expect(await t.db.auditLog.count({ where: { action: 'credentials.verified' } })).toBe(3);
    } finally {
      await emu.close();
    }
  });
});
