import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { protectPosition } from '@/worker/live/protect-position';
import { reconcileOrders } from '@/worker/live/reconcile';
import { createTestDb, type TestDb } from '../support/test-db';

const btc = marketFromSeries(loadCandlesCsv(path.resolve(import.meta.dirname, '../../data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 1, 1) }));
const KEY = { apiKey: 'reconcileKey000001', secret: 'reconcile-secret' };

/** Reconciliation against the exchange's reports, one discrepancy type at a time (real ccxt, the emulator). */
describe('live reconciliation', () => {
  let t: TestDb;
  let accountId: string;
  let emu: ExchangeEmulator;
  let ex: ReturnType<typeof binanceClient>;
  const order = (clientOrderId: string, over: object = {}) => t.db.order.create({ data: {
    accountId, clientOrderId, symbol: 'BTC/USDT', side: 'BUY', type: 'MARKET', purpose: 'ENTRY', status: 'SUBMITTED', quantity: 0.001, venue: 'EXCHANGE', ...over } });

  beforeAll(async () => {
    t = await createTestDb('live_reconcile');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    emu = new ExchangeEmulator({ markets: [btc], start: Date.UTC(2024, 0, 15), accounts: [{ ...KEY, balances: { USDT: 5000, BTC: 0.1 } }] });
    ex = binanceClient(await emu.listen(), KEY);
    await ex.loadMarkets();
  });
  afterAll(async () => { await emu.close(); await t.drop(); });

  it('an order that filled while the worker was down is brought up to date, with its fills', async () => {
    await order('snl-9001-1');
    await ex.createOrder('BTC/USDT', 'market', 'buy', 0.001, undefined, { clientOrderId: 'snl-9001-1' }); // reached the exchange; the answer was lost
    const r = await reconcileOrders(t.db, ex, accountId, ['BTC/USDT']);
    expect(r.updated).toEqual([{ clientOrderId: 'snl-9001-1', from: 'SUBMITTED', to: 'FILLED' }]);
    const row = await t.db.order.findUniqueOrThrow({ where: { clientOrderId: 'snl-9001-1' }, include: { fills: true } });
    expect(row).toMatchObject({ status: 'FILLED' });
    expect(row.fills).toHaveLength(1);
    expect(await t.db.journalEntry.count({ where: { accountId, message: { startsWith: 'reconcile: snl-9001-1 SUBMITTED → FILLED' } } })).toBe(1);
    // a second pass changes nothing
    expect((await reconcileOrders(t.db, ex, accountId, ['BTC/USDT'])).updated).toEqual([]);
  });

  it('an in-flight order the exchange never saw is REJECTED after three checks, not before', async () => {
    await order('snl-9002-1');
    await reconcileOrders(t.db, ex, accountId, ['BTC/USDT']);
    await reconcileOrders(t.db, ex, accountId, ['BTC/USDT']);
    expect((await t.db.order.findUniqueOrThrow({ where: { clientOrderId: 'snl-9002-1' } })).status).toBe('SUBMITTED');
    const r = await reconcileOrders(t.db, ex, accountId, ['BTC/USDT']);
    expect(r.rejectedNeverSeen).toEqual(['snl-9002-1']);
    expect((await t.db.order.findUniqueOrThrow({ where: { clientOrderId: 'snl-9002-1' } })).lastError).toBe('never reached the exchange (3 checks)');
  });

  it('one of ours open on the exchange but unknown to the database is adopted; someone else\'s is left alone and reported', async () => {
    const last = emu.engine.lastPrice('BTCUSDT');
    await ex.createOrder('BTC/USDT', 'limit', 'sell', 0.002, Number((last * 0.9).toFixed(2)), { clientOrderId: 'snl-9003-sl', stopLossPrice: Number((last * 0.91).toFixed(2)) });
    const foreign = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, Number((last * 0.5).toFixed(2)), { clientOrderId: 'manual-by-a-person' });
    const r = await reconcileOrders(t.db, ex, accountId, ['BTC/USDT']);
    expect(r.adopted).toEqual(['snl-9003-sl']);
    expect(await t.db.order.findUniqueOrThrow({ where: { clientOrderId: 'snl-9003-sl' } })).toMatchObject({ purpose: 'STOP', status: 'OPEN', type: 'STOP_LOSS_LIMIT' });
    expect(r.foreign).toEqual([{ symbol: 'BTC/USDT', id: foreign.id, clientOrderId: 'manual-by-a-person' }]);
    expect(await t.db.order.findUnique({ where: { clientOrderId: 'manual-by-a-person' } })).toBeNull();
    expect((await ex.fetchOrder(foreign.id!, 'BTC/USDT')).status).toBe('open'); // untouched
    expect(await t.db.alert.count({ where: { code: 'FOREIGN_ORDERS', status: 'OPEN' } })).toBe(1);
  });

  it('an open position without a resting stop is reported until it is protected', async () => {
    const last = emu.engine.lastPrice('BTCUSDT');
    const p = await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 'ema_cross', quantity: 0.01, entryPrice: last, stopPrice: 1, initialRisk: 5, openedAt: new Date(), decisionId: 9004n, venue: 'EXCHANGE' } });
    expect((await reconcileOrders(t.db, ex, accountId, ['BTC/USDT'])).unprotectedPositions).toEqual([p.id]);
    const stop = Math.round(last * 0.95 * 100) / 100;
    expect((await protectPosition(t.db, ex, { accountId, positionId: p.id, decisionId: 9004n, symbol: 'BTC/USDT', marketId: 'BTCUSDT', quantity: 0.01, stopPrice: stop,
      stopLimitPrice: Math.round(stop * 0.995 * 100) / 100, targetPrice: Math.round(last * 1.1 * 100) / 100 }, { baseDelayMs: 20 })).outcome).toBe('protected');
    expect((await reconcileOrders(t.db, ex, accountId, ['BTC/USDT'])).unprotectedPositions).toEqual([]);
  });

  it('the paper broker\'s rows on the same account (before a promotion to live) are never touched or reported', async () => {
    const paperStop = await order('snl-9005-sl', { purpose: 'STOP', type: 'STOP_LOSS_LIMIT', side: 'SELL', status: 'OPEN', venue: 'PAPER' });
    const paperPosition = await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 'ema_cross', quantity: 0.01, entryPrice: 40_000, stopPrice: 39_000, initialRisk: 10, openedAt: new Date(), decisionId: 9005n } });
    for (let i = 0; i < 4; i++) {
      const r = await reconcileOrders(t.db, ex, accountId, ['BTC/USDT']);
      expect(r.unprotectedPositions).not.toContain(paperPosition.id);
      expect(r.rejectedNeverSeen).not.toContain('snl-9005-sl');
    }
    expect(await t.db.order.findUniqueOrThrow({ where: { id: paperStop.id } })).toMatchObject({ status: 'OPEN', lastError: null });
  });
});
