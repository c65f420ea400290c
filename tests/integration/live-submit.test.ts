import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { submitOrder, type SubmitRequest } from '@/worker/live/submit-order';
import { createTestDb, type TestDb } from '../support/test-db';

const btc = marketFromSeries(loadCandlesCsv(path.resolve(import.meta.dirname, '../../data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 1, 1) }));
const KEY = { apiKey: 'liveSubmitKey00001', secret: 'live-submit-secret' };
const fast = { baseDelayMs: 20, maxDelayMs: 200 };

/**
 * The live broker's EXECUTE through real ccxt against the emulator, one fault at a time:
 * however the request fails, the exchange ends with at most one order per client id and
 * the database knows it.
 */
describe('live order submission: write-ahead, look up before resending, never twice', () => {
  let t: TestDb;
  let accountId: string;
  let emu: ExchangeEmulator;
  let ex: ReturnType<typeof binanceClient>;
  let n = 0;
  const req = (over: Partial<SubmitRequest> = {}): SubmitRequest => ({
    accountId, clientOrderId: `snl-t${++n}-1`, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001,
    price: Number((emu.engine.lastPrice('BTCUSDT') * 0.8).toFixed(2)), purpose: 'ENTRY', ...over,
  });
  const onExchange = (clientOrderId: string) => [...emu.engine.orders.values()].filter((o) => o.clientOrderId === clientOrderId);

  beforeAll(async () => {
    t = await createTestDb('live_submit');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    emu = new ExchangeEmulator({ markets: [btc], start: Date.UTC(2024, 0, 15), accounts: [{ ...KEY, balances: { USDT: 10_000, BTC: 1 } }] });
    ex = binanceClient(await emu.listen(), KEY);
    ex.timeout = 600;
    await ex.loadMarkets();
  });
  afterAll(async () => { await emu.close(); await t.drop(); });
  beforeEach(() => { emu.clearFaults(); });

  it('no fault: the row is written before the request and ends OPEN with the exchange id; a repeat sends nothing', async () => {
    const r = req();
    const res = await submitOrder(t.db, ex, r, fast);
    expect(res).toMatchObject({ outcome: 'placed', status: 'OPEN', attempts: 1 });
    const row = await t.db.order.findUniqueOrThrow({ where: { clientOrderId: r.clientOrderId } });
    expect(row).toMatchObject({ status: 'OPEN', exchangeOrderId: res.exchangeOrderId, purpose: 'ENTRY', side: 'BUY' });
    expect((await submitOrder(t.db, ex, r, fast)).outcome).toBe('already');
    expect(onExchange(r.clientOrderId)).toHaveLength(1);
  });

  it('a market order records its fills', async () => {
    const r = req({ type: 'market', price: undefined });
    const res = await submitOrder(t.db, ex, r, fast);
    expect(res).toMatchObject({ outcome: 'placed', status: 'FILLED' });
    const fills = await t.db.fill.findMany({ where: { orderId: res.orderId } });
    expect(fills).toHaveLength(1);
    expect(fills[0]!.quantity.toNumber()).toBe(0.001);
  });

  for (const [kind, ms] of [['dropResponse', 0], ['timeout', 0]] as const) {
    it(`${kind}: the order was placed but no answer came: it is found by its client id, not sent again`, async () => {
      emu.faults.set({ faults: [{ kind, count: 1, routes: ['POST /api/v3/order'], ms }] });
      const r = req();
      const res = await submitOrder(t.db, ex, r, fast);
      expect(kind === 'timeout' ? ['placed', 'found'] : ['found']).toContain(res.outcome);
      expect(onExchange(r.clientOrderId).length).toBeLessThanOrEqual(1);
      if (kind === 'dropResponse') expect(onExchange(r.clientOrderId)).toHaveLength(1);
      const row = await t.db.order.findUniqueOrThrow({ where: { clientOrderId: r.clientOrderId } });
      expect(row.exchangeOrderId).toBe(String(onExchange(r.clientOrderId)[0]?.orderId ?? null));
    });
  }

  it('5xx and a refused connection: retried with backoff, placed exactly once', async () => {
    emu.faults.set({ faults: [{ kind: 'http5xx', count: 1, routes: ['POST /api/v3/order'] }] });
    const a = req();
    const ra = await submitOrder(t.db, ex, a, fast);
    expect(ra).toMatchObject({ outcome: 'placed', status: 'OPEN' });
    expect(ra.attempts).toBeGreaterThan(1);
    expect(onExchange(a.clientOrderId)).toHaveLength(1);

    emu.faults.set({ faults: [{ kind: 'refuse', count: 1, routes: ['POST /api/v3/order'], ms: 150 }] });
    const b = req();
    const rb = await submitOrder(t.db, binanceClient(emu.url, KEY), b, { ...fast, baseDelayMs: 200, maxAttempts: 6 });
    expect(['placed', 'found']).toContain(rb.outcome);
    expect(onExchange(b.clientOrderId)).toHaveLength(1);
  });

  it('a definitive refusal is REJECTED with the exchange message; insufficient funds too', async () => {
    emu.faults.set({ faults: [{ kind: 'rejectOrder', count: 1 }] });
    const r = req();
    expect(await submitOrder(t.db, ex, r, fast)).toMatchObject({ outcome: 'rejected', status: 'REJECTED', attempts: 1 });
    expect((await t.db.order.findUniqueOrThrow({ where: { clientOrderId: r.clientOrderId } })).lastError).toMatch(/^InvalidOrder/);
    const big = req({ amount: 10 });
    expect(await submitOrder(t.db, ex, big, fast)).toMatchObject({ outcome: 'rejected', error: expect.stringMatching(/^InsufficientFunds/) });
    expect(onExchange(big.clientOrderId)).toHaveLength(0);
  });

  it('an exchange that stays unreachable: the row stays SUBMITTED with the last error, for reconciliation; nothing was placed', async () => {
    emu.faults.set({ faults: [{ kind: 'http5xx' }] });
    const r = req();
    const res = await submitOrder(t.db, ex, r, { ...fast, maxAttempts: 3 });
    expect(res).toMatchObject({ outcome: 'unknown', status: 'SUBMITTED' });
    expect((await t.db.order.findUniqueOrThrow({ where: { clientOrderId: r.clientOrderId } })).lastError).toMatch(/outcome unknown after 3 attempts/);
    emu.clearFaults();
    // the next pass (a restart, reconciliation) looks it up first, finds nothing, and sends it once
    const again = await submitOrder(t.db, ex, r, fast);
    expect(again).toMatchObject({ outcome: 'placed', status: 'OPEN' });
    expect(onExchange(r.clientOrderId)).toHaveLength(1);
  });
});
