import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { writeJournalBatch, type JournalRow } from '@/adapters/repo/journal-batch';
import { createTestDb, type TestDb } from '../support/test-db';

describe('batched journal writer', () => {
  let t: TestDb;
  let accountId: string;
  beforeAll(async () => {
    t = await createTestDb('journal_batch');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
  });
  afterAll(async () => { await t.drop(); });

  it('writes every row exactly as given, across chunk boundaries (enums, nulls, JSON, ms timestamps)', async () => {
    const rows: JournalRow[] = Array.from({ length: 2_501 }, (_, i) => ({
      accountId, at: new Date(Date.UTC(2025, 0, 1, 0, 0, 0, 123) + i * 60_000), kind: i % 2 ? 'DECISION' : 'FILL',
      symbol: i % 3 ? 'BTC/USDT' : null, strategy: i % 5 ? 'ema_cross' : null, outcome: i % 2 ? (i % 4 === 1 ? 'REJECTED' : 'SHRUNK') : null,
      rule: i % 2 ? 'exposure.asset' : null, message: `row "${i}", with 'quotes'`, details: { i, nested: { q: 0.1 + i / 1e6 }, list: [1, null] },
    }));
    expect(await writeJournalBatch(t.db, rows, 1000)).toBe(2_501);
    const back = await t.db.journalEntry.findMany({ orderBy: { at: 'asc' } });
    expect(back).toHaveLength(2_501);
    for (const i of [0, 1, 999, 1000, 2500]) {
      const r = rows[i]!;
      expect(back[i]).toMatchObject({ accountId, at: r.at, kind: r.kind, symbol: r.symbol, strategy: r.strategy, outcome: r.outcome, rule: r.rule, message: r.message, details: r.details });
    }
  });
});
