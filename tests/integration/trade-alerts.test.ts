import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { checkLossStreak } from '@/adapters/repo/trade-alerts';
import { createTestDb, type TestDb } from '../support/test-db';

/** CONSECUTIVE_LOSSES fires at its threshold and clears on the next win (real PostgreSQL). */
describe('consecutive losses alert', () => {
  let t: TestDb;
  let accountId: string;
  let k = 0;
  const close = async (pnl: number) => {
    k += 1;
    await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 's', quantity: 1, entryPrice: 100, stopPrice: 90, initialRisk: 10, openedAt: new Date(k * 1000),
      status: 'CLOSED', closedAt: new Date(k * 1000 + 500), realizedPnl: pnl, venue: 'EXCHANGE' } });
    await t.db.$transaction((tx) => checkLossStreak(tx, accountId, 'EXCHANGE', new Date(k * 1000 + 500)));
  };
  const open = () => t.db.alert.findMany({ where: { accountId, code: 'CONSECUTIVE_LOSSES', status: 'OPEN' } });

  beforeAll(async () => {
    t = await createTestDb('trade_alerts');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
  });
  afterAll(async () => { await t.drop(); });

  it('quiet for 3 losses, a warning at the 4th, counting further losses, resolved by a win', async () => {
    for (let i = 0; i < 3; i++) await close(-5);
    expect(await open()).toEqual([]);
    await close(-5);
    const [a] = await open();
    expect(a).toMatchObject({ severity: 'WARNING', occurrences: 1 });
    await close(-5);
    expect((await open())[0]!.occurrences).toBe(2);
    await close(12);
    expect(await open()).toEqual([]);
    expect(await t.db.alert.count({ where: { accountId, code: 'CONSECUTIVE_LOSSES', status: 'RESOLVED' } })).toBe(1);
  });

  it('paper trades do not count toward the exchange streak', async () => {
    for (let i = 0; i < 5; i++) {
      k += 1;
      await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 's', quantity: 1, entryPrice: 100, stopPrice: 90, initialRisk: 10, openedAt: new Date(k * 1000),
        status: 'CLOSED', closedAt: new Date(k * 1000 + 500), realizedPnl: -5 } });
    }
    await t.db.$transaction((tx) => checkLossStreak(tx, accountId, 'EXCHANGE', new Date(k * 1000 + 500)));
    expect(await open()).toEqual([]);
  });
});
