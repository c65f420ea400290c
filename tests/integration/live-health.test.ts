import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { ExchangeHealth } from '@/worker/live/exchange-health';
import { createTestDb, type TestDb } from '../support/test-db';

const btc = marketFromSeries(loadCandlesCsv(path.resolve(import.meta.dirname, '../../data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 0, 20) }));

/** Connectivity lost and restored, seen through ccxt against the emulator's faults, on a fake clock. */
describe('exchange connectivity alerts', () => {
  let t: TestDb;
  let accountId: string;
  let emu: ExchangeEmulator;

  beforeAll(async () => {
    t = await createTestDb('live_health');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    emu = new ExchangeEmulator({ markets: [btc], start: Date.UTC(2024, 0, 10), accounts: [] });
    await emu.listen();
  });
  afterAll(async () => { await emu.close(); await t.drop(); });

  it('5xx answers for longer than the limit: one critical alert, entries paused; the first answer resolves it and announces the recovery; a refusal is not an outage', async () => {
    const ex = binanceClient(emu.url);
    ex.timeout = 500;
    let clock = 1_000_000;
    const health = new ExchangeHealth(t.db, accountId, 'emulator', 30_000, () => clock);
    await health.call(() => ex.fetchTicker('BTC/USDT'));
    emu.faults.set({ faults: [{ kind: 'http5xx' }] });
    for (const dt of [5_000, 10_000, 20_000]) {
      clock += dt;
      await expect(health.call(() => ex.fetchTicker('BTC/USDT'))).rejects.toThrow();
    }
    expect(health.state.status).toBe('lost');
    expect(health.canEnter).toBe(false);
    clock += 5_000;
    await expect(health.call(() => ex.fetchTicker('BTC/USDT'))).rejects.toThrow();
    const lost = await t.db.alert.findMany({ where: { code: 'EXCHANGE_CONNECTIVITY_LOST' } });
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatchObject({ severity: 'CRITICAL', status: 'OPEN', occurrences: 1 });

    emu.clearFaults();
    clock += 1_000;
    await health.call(() => ex.fetchTicker('BTC/USDT'));
    expect(health.canEnter).toBe(true);
    expect((await t.db.alert.findFirstOrThrow({ where: { code: 'EXCHANGE_CONNECTIVITY_LOST' } })).status).toBe('RESOLVED');
    expect(await t.db.alert.count({ where: { code: 'EXCHANGE_CONNECTIVITY_RESTORED', severity: 'INFO' } })).toBe(1);

    // a refusal (here an unknown symbol) is an answer, not an outage: no change
    await expect(health.call(() => ex.fetchTicker('ETH/USDT'))).rejects.toThrow();
    expect(health.state.status).toBe('up');
  });

  it('silence: no successful call within the limit is an outage too, found by the tick', async () => {
    let clock = 0;
    const health = new ExchangeHealth(t.db, accountId, 'silent-exchange', 30_000, () => clock);
    clock = 29_000;
    await health.tick();
    expect(health.state.status).toBe('up');
    clock = 31_000;
    await health.tick();
    expect(health.state.status).toBe('lost');
    expect(await t.db.alert.count({ where: { code: 'EXCHANGE_CONNECTIVITY_LOST', status: 'OPEN', message: { contains: 'silent-exchange' } } })).toBe(1);
  });
});
