import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { journalPageSql, type JournalFilter } from '@/adapters/repo/journal-query';
import type { SessionUser } from '@/server/auth/current-user';
import type { Role } from '@/generated/prisma/enums';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

const ROWS = 1_000_000;
const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'ADA/USDT', 'DOGE/USDT', 'BNB/USDT', 'LTC/USDT'];
const STRATEGIES = ['ema_cross', 'donchian_breakout', 'rsi_reversion'];

/**
 * The Journal page over a million rows: keyset pages under every filter are index range
 * scans (the plan is asserted, not the time), and walking pages neither skips nor
 * repeats a row.
 */
describe('journal paging over 1,000,000 rows', () => {
  let t: TestDb;
  let accountId: string;
  let users: Record<Role, SessionUser>;

  beforeAll(async () => {
    t = await createTestDb('journal_1m');
    accountId = (await ensureBaseData(t.db, { now: new Date('2026-01-01T00:00:00Z'), capitalAllocationCap: 1 })).account.id;
    users = await seedUsers(t.db);
    // one row per 5 minutes from 2016 on, several per timestamp now and then (ties on "at")
    await t.db.$executeRawUnsafe(`
      INSERT INTO "JournalEntry" ("accountId", at, kind, symbol, strategy, outcome, rule, message, details)
      SELECT $1::uuid, timestamp '2016-01-01' + ((g / 3) * interval '5 minutes'),
        CASE WHEN g % 10 < 8 THEN 'DECISION' ELSE 'FILL' END::"JournalKind",
        ($2::text[])[1 + g % 8], ($3::text[])[1 + g % 3],
        CASE WHEN g % 10 >= 8 THEN NULL WHEN g % 5 = 0 THEN 'REJECTED' WHEN g % 5 = 1 THEN 'SHRUNK' WHEN g % 5 = 2 THEN NULL ELSE 'APPROVED' END::"DecisionOutcome",
        CASE WHEN g % 10 >= 8 THEN NULL WHEN g % 5 = 0 THEN (CASE WHEN g % 7 = 0 THEN 'leverage' ELSE 'exposure.total' END) WHEN g % 5 = 1 THEN 'risk_per_trade' WHEN g % 5 = 2 THEN 'already_in' ELSE NULL END,
        'row ' || g,
        CASE WHEN g % 5 = 0 AND g % 10 < 8 THEN jsonb_build_object('intent', jsonb_build_object('symbol', ($2::text[])[1 + g % 8], 'asset', split_part(($2::text[])[1 + g % 8], '/', 1)),
          'checks', jsonb_build_array(
            jsonb_build_object('rule', 'safe_mode', 'outcome', 'pass', 'input', 0, 'added', 0, 'threshold', 0, 'maxQty', null),
            jsonb_build_object('rule', 'exposure.total', 'outcome', 'reject', 'input', 0.45, 'added', 0.08, 'threshold', 0.5, 'maxQty', 0))) ELSE '{}'::jsonb END
      FROM generate_series(1, ${ROWS}) AS g`, accountId, SYMBOLS, STRATEGIES);
    await t.db.$executeRawUnsafe('ANALYZE "JournalEntry"');
  }, 180_000);
  afterAll(async () => { await t.drop(); });

  const filters: [string, Omit<JournalFilter, 'accountId'>][] = [
    ['none', {}], ['symbol', { symbol: 'SOL/USDT' }], ['strategy', { strategy: 'rsi_reversion' }], ['outcome', { outcome: 'REJECTED' }],
    ['skipped', { outcome: 'SKIPPED' }], ['rare rule', { rule: 'leverage' }], ['kind', { kind: 'FILL' }], ['symbol and outcome', { symbol: 'BTC/USDT', outcome: 'SHRUNK' }],
    ['reconcile corrections (the Exchange page)', { isReconcile: true }],
  ];

  for (const [name, f] of filters) {
    it(`filter ${name}: the page query is an index scan with no sort, first page and a deep page alike`, async () => {
      for (const cursor of [null, { at: new Date('2020-06-01T00:00:00Z'), id: 500_000n }]) {
        const sql = journalPageSql({ accountId, ...f }, cursor, 50);
        const [row] = await t.db.$queryRawUnsafe<{ 'QUERY PLAN': unknown }[]>(`EXPLAIN (FORMAT JSON) ${sql.text}`, ...sql.values);
        const plan = JSON.stringify(row!['QUERY PLAN']);
        expect(plan, plan).toMatch(/"Node Type":"Index Scan"|"Node Type":"Index Only Scan"|"Node Type":"Bitmap/);
        expect(plan, plan).not.toMatch(/"Node Type":"Seq Scan"/);
        expect(plan, plan).not.toMatch(/"Node Type":"Sort"/);
      }
    });
  }

  it('walking pages through tRPC neither skips nor repeats a row, ties on the timestamp included', async () => {
    const caller = callerAs(t.db, users.VIEWER);
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 6; page++) {
      const r: Awaited<ReturnType<typeof caller.journal.list>> = await caller.journal.list({ symbol: 'ETH/USDT', limit: 37, cursor });
      seen.push(...r.rows.map((x) => x.id));
      cursor = r.nextCursor;
    }
    const expected = await t.db.journalEntry.findMany({ where: { accountId, symbol: 'ETH/USDT' }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 37 * 6, select: { id: true } });
    expect(seen).toEqual(expected.map((x) => x.id.toString()));
  });

  it('a decision comes with its rule-by-rule explanation in words; filters are validated with the field named', async () => {
    const caller = callerAs(t.db, users.VIEWER);
    const r = await caller.journal.list({ outcome: 'REJECTED', rule: 'exposure.total', limit: 5 });
    expect(r.rows).toHaveLength(5);
    const ex = r.rows.find((x) => x.explanation.length > 0)!.explanation;
    expect(ex.map((e) => e.rule)).toEqual(['safe_mode', 'exposure.total']);
    expect(ex[1]!.text).toBe('exposure.total: 45.0% + 8.0% > 50.0% → rejected');
    await expect(caller.journal.list({ rule: 'nonsense' as never })).rejects.toThrow(/rule/);
    await expect(caller.journal.list({ cursor: 'abc' })).rejects.toThrow(/cursor/);
    const facets = await caller.journal.facets();
    expect(facets.symbols).toEqual([...SYMBOLS].sort());
    expect(facets.strategies).toEqual([...STRATEGIES].sort());
  });
});
