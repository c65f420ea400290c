import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { journalPageSql } from '@/adapters/repo/journal-query';
import type { Role } from '@/generated/prisma/enums';
import type { SessionUser } from '@/server/auth/current-user';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

const T = new Date('2026-03-01T12:00:00Z');
const at = (secondsBefore: number) => new Date(T.getTime() - secondsBefore * 1000);
const REPORT = {
  updated: [{ clientOrderId: 'snt-a1-e', from: 'SUBMITTED', to: 'FILLED' }, { clientOrderId: 'snt-a2-sl', from: 'OPEN', to: 'CANCELED' }],
  rejectedNeverSeen: ['snt-a3-e'], adopted: ['snt-a4-tp'], foreign: [{ symbol: 'BTC/USDT', id: '991', clientOrderId: 'web_123' }],
  unprotectedPositions: ['4f1c2a9e-0000-4000-8000-000000000001'], errors: [], isOk: true,
};

/**
 * The Exchange page's two queries against PostgreSQL: the account's LiveSync state (null in
 * paper mode), also on the Overview, and the reconciliation journal, which pages over
 * reconcile entries and exchange alerts together without skipping or repeating a row.
 */
describe('exchange connectivity and the reconciliation journal', () => {
  let t: TestDb;
  let accountId: string;
  let users: Record<Role, SessionUser>;
  const viewer = () => callerAs(t.db, users.VIEWER);

  beforeAll(async () => {
    t = await createTestDb('exchange_page');
    accountId = (await ensureBaseData(t.db, { now: T, capitalAllocationCap: 1 })).account.id;
    users = await seedUsers(t.db);
  });
  afterAll(async () => { await t.drop(); });

  it('a paper account has no exchange state and an empty reconciliation journal; the Overview says the same', async () => {
    expect(await viewer().exchange.get()).toBeNull();
    expect(await viewer().exchange.journal()).toEqual({ rows: [], nextCursor: null });
    expect((await viewer().overview.get()).exchange).toBeNull();
  });

  it('a live account: connectivity with its times and last error, and the last reconciliation summarized; the Overview shows the same', async () => {
    await t.db.liveSync.create({ data: {
      accountId, exchangeUrl: 'http://127.0.0.1:9100', startCash: 1000, stageCapital: 1000, connectivity: 'LOST', connectivitySince: at(200), lastSuccessAt: at(230),
      lastError: 'RequestTimeout: binance GET /api/v3/openOrders timed out', lastReconcileAt: at(60), lastReconcile: REPORT, lastCleanPassAt: at(600),
    } });
    const x = await viewer().exchange.get({ accountId });
    expect(x).toMatchObject({
      exchangeUrl: 'http://127.0.0.1:9100', connectivity: 'LOST', connectivitySince: at(200), lastSuccessAt: at(230), lastError: expect.stringMatching(/^RequestTimeout/),
      isReportStale: false, lastCleanPassAt: at(600), reconcile: { at: at(60), outcome: 'DISCREPANCIES', discrepancies: 6, report: REPORT },
    });
    const overview = await viewer().overview.get();
    expect({ ...overview.exchange, serverTime: null }).toEqual({ ...x, serverTime: null });
  });

  it('the journal: reconcile entries and exchange alerts of this account only, newest first, paged with ties on the time, without the prefix', async () => {
    const other = await t.db.tradingAccount.create({ data: { name: 'other', kind: 'PAPER', accountEquity: 1000 } });
    // 9 corrections, a tie with an alert at 100 s and two entries of one millisecond at 300 s
    for (const [s, msg] of [[50, 'snt-a1-e SUBMITTED → FILLED (exchange report)'], [100, 'adopted snt-a4-tp found open on the exchange'], [300, 'snt-a3-e never reached the exchange after 3 checks: REJECTED'],
      [300, 'snt-a5-e OPEN → CANCELED (exchange report)'], [400, '1 open position(s) without a resting stop: protecting them before any entry'], [500, 'snt-a6-e OPEN → FILLED (exchange report)'],
      [600, 'snt-a7-e OPEN → FILLED (exchange report)'], [700, 'snt-a8-e OPEN → FILLED (exchange report)'], [800, 'snt-a9-e OPEN → FILLED (exchange report)']] as const) {
      await t.db.journalEntry.create({ data: { accountId, at: at(s), kind: 'SYSTEM', symbol: 'BTC/USDT', message: `reconcile: ${msg}`, details: {} } });
    }
    // not reconciliation's: other SYSTEM entries, decisions, another account's correction
    await t.db.journalEntry.createMany({ data: [
      { accountId, at: at(10), kind: 'SYSTEM', message: 'worker started', details: {} },
      { accountId, at: at(20), kind: 'DECISION', symbol: 'BTC/USDT', message: 'reconcile: not a system entry', details: {} },
      { accountId: other.id, at: at(30), kind: 'SYSTEM', message: 'reconcile: another account', details: {} },
    ] });
    const alert = (code: string, s: number, extra: object = {}) => ({ accountId, severity: 'WARNING' as const, code, message: `${code} raised`, evidence: {}, dedupKey: `${code}:${s}`, firstSeenAt: at(s), lastSeenAt: at(s), ...extra });
    await t.db.alert.createMany({ data: [
      alert('EXCHANGE_CONNECTIVITY_LOST', 200, { severity: 'CRITICAL', status: 'OPEN' }), alert('EXCHANGE_CONNECTIVITY_RESTORED', 150, { severity: 'INFO', status: 'RESOLVED' }),
      alert('RECONCILE_CORRECTED', 100, { occurrences: 3, firstSeenAt: at(900) }), alert('FOREIGN_ORDERS', 250), alert('STOP_NOT_PLACED', 350, { severity: 'CRITICAL' }), alert('EXIT_REFUSED', 450, { severity: 'CRITICAL' }),
      alert('WORKER_STALE', 5), { ...alert('EXCHANGE_CONNECTIVITY_LOST', 40), accountId: other.id },
    ] });

    const all = await viewer().exchange.journal({ limit: 200 });
    expect(all.nextCursor).toBeNull();
    expect(all.rows.map((r) => [Math.round((T.getTime() - r.at.getTime()) / 1000), r.source])).toEqual([
      [50, 'journal'], [100, 'alert'], [100, 'journal'], [150, 'alert'], [200, 'alert'], [250, 'alert'], [300, 'journal'], [300, 'journal'], [350, 'alert'],
      [400, 'journal'], [450, 'alert'], [500, 'journal'], [600, 'journal'], [700, 'journal'], [800, 'journal'],
    ]);
    expect(all.rows[0]!.message).toBe('snt-a1-e SUBMITTED → FILLED (exchange report)');
    expect(all.rows[1]).toMatchObject({ message: 'RECONCILE_CORRECTED raised', alert: { code: 'RECONCILE_CORRECTED', severity: 'WARNING', status: 'OPEN', occurrences: 3, firstSeenAt: at(900) } });
    expect(all.rows[2]!.alert).toBeNull();

    for (const limit of [1, 2, 4]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const r: Awaited<ReturnType<ReturnType<typeof viewer>['exchange']['journal']>> = await viewer().exchange.journal({ limit, cursor });
        seen.push(...r.rows.map((x) => x.key));
        cursor = r.nextCursor;
        if (!cursor) break;
      }
      expect(seen, `pages of ${limit}`).toEqual(all.rows.map((r) => r.key));
    }
  });

  it('a page of reconcile entries is a range scan of their partial index, even among many decisions', async () => {
    await t.db.$executeRaw`INSERT INTO "JournalEntry" ("accountId", at, kind, symbol, message, details)
      SELECT ${accountId}::uuid, timestamp '2025-01-01' + g * interval '1 minute', 'DECISION', 'ETH/USDT', 'row ' || g, '{}' FROM generate_series(1, 20000) g`;
    await t.db.$executeRawUnsafe('ANALYZE "JournalEntry"');
    for (const cursor of [null, { at: at(300), id: 9223372036854775807n }]) {
      const sql = journalPageSql({ accountId, isReconcile: true }, cursor, 50);
      const [row] = await t.db.$queryRawUnsafe<{ 'QUERY PLAN': unknown }[]>(`EXPLAIN (FORMAT JSON) ${sql.text}`, ...sql.values);
      const plan = JSON.stringify(row!['QUERY PLAN']);
      expect(plan, plan).toMatch(/"Index Name":"JournalEntry_reconcile_idx"/);
      expect(plan, plan).not.toMatch(/"Node Type":"(Seq Scan|Sort)"/);
    }
  });

  it('inputs are validated with the field named; anonymous callers are refused', async () => {
    await expect(viewer().exchange.get({ accountId: 'nope' })).rejects.toThrow(/accountId/);
    await expect(viewer().exchange.journal({ cursor: '12:x:1' })).rejects.toThrow(/cursor/);
    await expect(viewer().exchange.journal({ cursor: `12:a:${'-'.repeat(36)}` })).rejects.toThrow(/cursor/);
    await expect(viewer().exchange.journal({ cursor: '12:j:9999999999999999999' })).rejects.toThrow(/cursor/);
    await expect(viewer().exchange.journal({ limit: 0 })).rejects.toThrow(/limit/);
    await expect(callerAs(t.db, null).exchange.get()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
