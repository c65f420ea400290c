import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@/adapters/db/client';
import { appendAuditNow, GENESIS_HASH, verifyAuditChain } from '@/adapters/repo/audit-log';
import { asSuperuserWithTriggersOff } from '../support/tamper';
import { createTestDb, type TestDb } from '../support/test-db';

describe('tamper-evident audit log', () => {
  let t: TestDb;
  beforeAll(async () => { t = await createTestDb('audit'); });
  afterAll(async () => { await t.drop(); });

  const append = (action: string, details: Record<string, unknown> = {}) =>
    appendAuditNow(t.db, { actorLabel: 'tester', action, details }, new Date());

  it('chains from the genesis hash and verifies', async () => {
    const first = await append('test.first', { b: 2, a: 1 });
    expect(first.prevHash).toBe(GENESIS_HASH);
    const second = await append('test.second');
    expect(second.prevHash).toBe(first.hash);
    expect(await verifyAuditChain(t.db)).toEqual({ ok: true, rows: 2 });
  });

  it('two writers on separate connections never fork the chain', async () => {
    const other = createDb(t.url, { max: 5 });
    try {
      await Promise.all(Array.from({ length: 30 }, (_, i) =>
        appendAuditNow(i % 2 ? t.db : other.db, { actorLabel: `writer-${i % 2}`, action: 'test.concurrent', details: { i } }, new Date())));
    } finally {
      await other.close();
    }
    const v = await verifyAuditChain(t.db);
    expect(v).toEqual({ ok: true, rows: 32 });
    const dupes = await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT "prevHash" FROM "AuditLog" GROUP BY "prevHash" HAVING count(*) > 1) d`;
    expect(Number(dupes[0]!.n)).toBe(0);
  });

  it('names an edited row', async () => {
    const rows = await t.db.auditLog.findMany({ orderBy: { seq: 'asc' } });
    const victim = rows[5]!;
    await asSuperuserWithTriggersOff(t.db, (tx) => tx.$executeRaw`UPDATE "AuditLog" SET details = '{"i": 999}'::jsonb WHERE seq = ${victim.seq}`);
    const v = await verifyAuditChain(t.db);
    expect(v).toMatchObject({ ok: false, seq: victim.seq, problem: 'edited' });
    await asSuperuserWithTriggersOff(t.db, (tx) => tx.$executeRaw`UPDATE "AuditLog" SET details = ${JSON.stringify(victim.details)}::jsonb WHERE seq = ${victim.seq}`);
    expect((await verifyAuditChain(t.db)).ok).toBe(true);
  });

  it('names the row after a deleted one', async () => {
    const rows = await t.db.auditLog.findMany({ orderBy: { seq: 'asc' } });
    await asSuperuserWithTriggersOff(t.db, (tx) => tx.$executeRaw`DELETE FROM "AuditLog" WHERE seq = ${rows[10]!.seq}`);
    const v = await verifyAuditChain(t.db, 7); // small batches: the break spans a page boundary
    expect(v).toMatchObject({ ok: false, seq: rows[11]!.seq, problem: 'broken-link' });
    expect(v.ok ? '' : v.message).toContain(`row ${rows[9]!.seq}`);
  });

  it('is append-only for the roles the product uses: UPDATE, DELETE and TRUNCATE are refused by a trigger, even for a superuser', async () => {
    const row = await t.db.auditLog.findFirstOrThrow({ orderBy: { seq: 'asc' } });
    await expect(t.db.$executeRaw`UPDATE "AuditLog" SET "actorLabel" = 'someone else' WHERE seq = ${row.seq}`).rejects.toThrow(/AuditLog is append-only: UPDATE refused/);
    await expect(t.db.$executeRaw`DELETE FROM "AuditLog" WHERE seq = ${row.seq}`).rejects.toThrow(/AuditLog is append-only: DELETE refused/);
    await expect(t.db.$executeRawUnsafe('TRUNCATE "AuditLog"')).rejects.toThrow(/AuditLog is append-only: TRUNCATE refused/);
    const [role] = await t.db.$queryRaw<{ isSuper: boolean }[]>`SELECT rolsuper AS "isSuper" FROM pg_roles WHERE rolname = current_user`;
    expect(role?.isSuper).toBe(true); // the test role is a superuser: grants would not have stopped it
    expect(await t.db.auditLog.findUniqueOrThrow({ where: { seq: row.seq } })).toEqual(row);
    await appendAuditNow(t.db, { actorLabel: 'after', action: 'test.append', details: {} }, new Date()); // appending still works
  });
});
