import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { protectPosition, type ProtectRequest } from '@/worker/live/protect-position';
import { createTestDb, type TestDb } from '../support/test-db';

const btc = marketFromSeries(loadCandlesCsv(path.resolve(import.meta.dirname, '../../data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 1, 1) }));
const KEY = { apiKey: 'liveProtectKey0001', secret: 'live-protect-secret' };
const fast = { baseDelayMs: 20, maxDelayMs: 100 };

/** Exchange-native stops through real ccxt against the emulator: placed as an OCO, read back, or the position is closed. */
describe('live protection: the stop rests on the exchange, verified, or the position is closed with a critical alert', () => {
  let t: TestDb;
  let accountId: string;
  let emu: ExchangeEmulator;
  let ex: ReturnType<typeof binanceClient>;
  let decision = 1000n;

  const position = async (): Promise<ProtectRequest> => {
    decision += 1n;
    const last = emu.engine.lastPrice('BTCUSDT');
    const p = await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 'ema_cross', quantity: 0.01, entryPrice: last, stopPrice: Math.round(last * 0.95 * 100) / 100, initialRisk: 5, openedAt: new Date(), decisionId: decision } });
    const stop = Math.round(last * 0.95 * 100) / 100;
    return { accountId, positionId: p.id, decisionId: decision, symbol: 'BTC/USDT', marketId: 'BTCUSDT', quantity: 0.01, stopPrice: stop,
      stopLimitPrice: Math.round(stop * 0.995 * 100) / 100, targetPrice: Math.round(last * 1.1 * 100) / 100 };
  };
  const lists = () => [...emu.engine.lists.values()];

  beforeAll(async () => {
    t = await createTestDb('live_protect');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    emu = new ExchangeEmulator({ markets: [btc], start: Date.UTC(2024, 0, 15), accounts: [{ ...KEY, balances: { USDT: 1000, BTC: 0.1 } }] });
    ex = binanceClient(await emu.listen(), KEY);
    ex.timeout = 600;
    await ex.loadMarkets();
  });
  afterAll(async () => { await emu.close(); await t.drop(); });
  beforeEach(() => { emu.clearFaults(); });

  it('the stop and target rest on the exchange as one OCO, read back, recorded OPEN with their exchange ids and journaled', async () => {
    const req = await position();
    const before = lists().length;
    const r = await protectPosition(t.db, ex, req, fast);
    expect(r).toMatchObject({ outcome: 'protected', attempts: 1 });
    expect(lists()).toHaveLength(before + 1);
    const legs = await t.db.order.findMany({ where: { positionId: req.positionId }, orderBy: { purpose: 'asc' } });
    expect(legs.map((o) => [o.purpose, o.status, o.clientOrderId])).toEqual([['STOP', 'OPEN', `snl-${req.decisionId}-sl`], ['TARGET', 'OPEN', `snl-${req.decisionId}-tp`]]);
    expect(legs.every((o) => o.exchangeOrderId)).toBe(true);
    // a second call (a restart) finds the list and places nothing more
    expect((await protectPosition(t.db, ex, req, fast)).outcome).toBe('protected');
    expect(lists()).toHaveLength(before + 1);
  });

  it('the OCO answer is dropped: the list exists on the exchange, found by the stop leg client id, never placed twice', async () => {
    const req = await position();
    const before = lists().length;
    emu.faults.set({ faults: [{ kind: 'dropResponse', count: 1, routes: ['POST /api/v3/orderList/oco'] }] });
    expect((await protectPosition(t.db, ex, req, fast)).outcome).toBe('protected');
    expect(lists()).toHaveLength(before + 1);
  });

  it('the exchange will not take the stop: the position is closed at market and a critical alert is raised', async () => {
    const req = await position();
    emu.faults.set({ faults: [{ kind: 'http5xx', routes: ['POST /api/v3/orderList/oco'] }] });
    const r = await protectPosition(t.db, ex, req, { ...fast, maxAttempts: 3 });
    expect(r).toMatchObject({ outcome: 'closed', stopExchangeId: null });
    const exit = await t.db.order.findUniqueOrThrow({ where: { clientOrderId: `snl-${req.decisionId}-x` } });
    expect(exit).toMatchObject({ purpose: 'EXIT', status: 'FILLED', side: 'SELL' });
    expect((await t.db.position.findUniqueOrThrow({ where: { id: req.positionId } })).status).toBe('CLOSING');
    const alert = await t.db.alert.findFirstOrThrow({ where: { code: 'STOP_NOT_PLACED', status: 'OPEN' } });
    expect(alert).toMatchObject({ severity: 'CRITICAL', message: expect.stringContaining('the position was closed at market') });
    const legs = await t.db.order.findMany({ where: { positionId: req.positionId, purpose: { in: ['STOP', 'TARGET'] } } });
    expect(legs.every((o) => o.status === 'REJECTED')).toBe(true);
  });
});
