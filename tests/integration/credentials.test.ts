import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decryptSecret } from '@/adapters/crypto/secret-box';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import type { Role } from '@/generated/prisma/enums';
import type { SessionUser } from '@/server/auth/current-user';
import { serverEnv } from '@/server/env';
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

    // the checklist now sees a key, which live trading will verify
    const item = (await admin.checklist.get()).items.find((i) => i.key === 'env.credentials')!;
    expect(item).toMatchObject({ status: 'not_verifiable', evidence: expect.stringContaining('…0002') });
  });

  it('bad input is refused naming the field, and nothing is written', async () => {
    const admin = callerAs(t.db, users.ADMIN);
    const before = await t.db.exchangeCredential.count();
    await expect(admin.credentials.add({ accountId, apiKey: 'short', apiSecret: 'long-enough-secret' })).rejects.toThrow(/apiKey: at least 8 characters/);
    await expect(admin.credentials.add({ accountId, apiKey: 'with space in it', apiSecret: 'long-enough-secret' })).rejects.toThrow(/apiKey: printable characters without spaces/);
    expect(await t.db.exchangeCredential.count()).toBe(before);
    await expect(callerAs(t.db, users.OPERATOR).credentials.add({ accountId, apiKey: 'AKIAOPERATOR0003', apiSecret: 'long-enough-secret' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
