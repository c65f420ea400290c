import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ccxt from 'ccxt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { binanceClient } from '@/adapters/exchange/binance';
import { loadMarketsAfresh } from '@/adapters/exchange/load-markets';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator, type EmulatorOptions } from '@/tools/exchange-emulator/server';

const btc = marketFromSeries(loadCandlesCsv(path.resolve(import.meta.dirname, '../../data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 1, 1) }));
const KEY = { apiKey: 'faultTestKey000001', secret: 'fault-secret' };

/** Each fault observed through real ccxt as the error a real outage gives. */
describe('exchange emulator faults and restart, through ccxt', () => {
  let dir: string;
  let emu: ExchangeEmulator;
  let ex: ReturnType<typeof binanceClient>;
  const options = (): EmulatorOptions => ({ markets: [btc], start: Date.UTC(2024, 0, 15), statePath: path.join(dir, 'state.json'), accounts: [{ ...KEY, balances: { USDT: 10_000 } }] });

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'emu-faults-'));
    emu = new ExchangeEmulator(options());
    ex = binanceClient(await emu.listen(), KEY);
    ex.timeout = 1000;
    await ex.loadMarkets();
  });
  afterEach(() => { emu.clearFaults(); });
  afterAll(async () => { await emu.close(); fs.rmSync(dir, { recursive: true, force: true }); });

  it('latency: the answer comes late but right', async () => {
    emu.faults.set({ faults: [{ kind: 'latency', ms: 400, count: 1 }] });
    const t0 = Date.now();
    expect((await ex.fetchTicker('BTC/USDT')).symbol).toBe('BTC/USDT');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
  });

  it('timeout → RequestTimeout; 5xx → OperationFailed (Binance -1001); refused connection → NetworkError; then service again', async () => {
    emu.faults.set({ faults: [{ kind: 'timeout', count: 1 }] });
    await expect(ex.fetchTicker('BTC/USDT')).rejects.toThrow(ccxt.RequestTimeout);
    emu.faults.set({ faults: [{ kind: 'http5xx', count: 1 }] });
    await expect(ex.fetchTicker('BTC/USDT')).rejects.toThrow(ccxt.OperationFailed);
    emu.faults.set({ faults: [{ kind: 'refuse', count: 1, ms: 300 }] });
    await expect(ex.fetchTicker('BTC/USDT')).rejects.toThrow(ccxt.NetworkError);
    await expect(ex.fetchTicker('BTC/USDT')).rejects.toThrow(ccxt.NetworkError); // still refused
    await new Promise((r) => setTimeout(r, 500));
    expect((await ex.fetchTicker('BTC/USDT')).symbol).toBe('BTC/USDT');
  });

  it('a market load that fails is asked again next time (ccxt alone caches the rejection for good)', async () => {
    const fresh = binanceClient(emu.url, KEY);
    fresh.timeout = 1000;
    emu.faults.set({ faults: [{ kind: 'http5xx', count: 1, routes: ['GET /api/v3/exchangeInfo'] }] });
    await expect(loadMarketsAfresh(fresh)).rejects.toThrow();
    // plain ccxt would now answer every call with the same cached rejection, without a request
    await loadMarketsAfresh(fresh);
    expect(fresh.market('BTC/USDT').id).toBe('BTCUSDT');
  });

  it('429 with Retry-After → DDoSProtection; calling again inside the window earns a 418 ban', async () => {
    emu.faults.set({ faults: [{ kind: 'rate429', count: 1, ms: 2000 }] });
    await expect(ex.fetchTicker('BTC/USDT')).rejects.toThrow(ccxt.DDoSProtection);
    await expect(ex.fetchTicker('BTC/USDT')).rejects.toThrow(/418/);
  });

  it('an order accepted but its answer dropped: the client sees a network error, the order exists and is found by its client id', async () => {
    emu.faults.set({ faults: [{ kind: 'dropResponse', count: 1, routes: ['POST /api/v3/order'] }] });
    const price = Number((emu.engine.lastPrice('BTCUSDT') * 0.8).toFixed(2));
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, price, { clientOrderId: 'snl-dropped-1' })).rejects.toThrow(ccxt.NetworkError);
    const o = await ex.fetchOrder(undefined as unknown as string, 'BTC/USDT', { origClientOrderId: 'snl-dropped-1' });
    expect(o).toMatchObject({ status: 'open', price, amount: 0.001 });
    // retrying with the same client id is refused as a duplicate, never placed twice
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, price, { clientOrderId: 'snl-dropped-1' })).rejects.toThrow(ccxt.InvalidOrder);
    expect((await ex.fetchOpenOrders('BTC/USDT')).filter((x) => x.clientOrderId === 'snl-dropped-1')).toHaveLength(1);
  });

  it('a rejected order → InvalidOrder; a stale feed: the clock stands still', async () => {
    emu.faults.set({ faults: [{ kind: 'rejectOrder', count: 1 }] });
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, 30000)).rejects.toThrow(ccxt.InvalidOrder);
    emu.faults.set({ faults: [{ kind: 'staleFeed' }] });
    const before = (await ex.fetchOHLCV('BTC/USDT', '1h', undefined, 1))[0]![0]!;
    emu.step(5);
    expect((await ex.fetchOHLCV('BTC/USDT', '1h', undefined, 1))[0]![0]).toBe(before);
    emu.clearFaults();
    emu.step(5);
    expect((await ex.fetchOHLCV('BTC/USDT', '1h', undefined, 1))[0]![0]).toBe(before + 5 * 3_600_000);
  });

  it('seeded random faults are repeatable', () => {
    const run = () => { emu.faults.set({ random: { seed: 42, p: 0.5, kinds: ['http5xx', 'latency', 'timeout'] }, faults: [] }); return Array.from({ length: 20 }, () => emu.faults.take('GET /api/v3/ticker/24hr')?.kind ?? '-'); };
    const a = run();
    expect(run()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it('a restart keeps orders, balances and the market clock (state saved to a file)', async () => {
    const price = Number((emu.engine.lastPrice('BTCUSDT') * 0.7).toFixed(2));
    const o = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.002, price, { clientOrderId: 'snl-survives' });
    const balance = (await ex.fetchBalance())['USDT'];
    const clock = emu.clock;
    const port = Number(new URL(emu.url).port);
    await emu.close();
    emu = new ExchangeEmulator({ ...options(), port });
    // a restart drops every connection: the client reconnects, as it would to the exchange
    ex = binanceClient(await emu.listen(), KEY);
    ex.timeout = 1000;
    await ex.loadMarkets();
    expect(emu.clock).toBe(clock);
    expect((await ex.fetchOrder(o.id!, 'BTC/USDT')).clientOrderId).toBe('snl-survives');
    expect((await ex.fetchBalance())['USDT']).toEqual(balance);
    const next = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, price);
    expect(Number(next.id)).toBeGreaterThan(Number(o.id)); // ids keep counting, never reused
  });

  it('a second instance on another port is a separate exchange (the backup)', async () => {
    const backup = new ExchangeEmulator({ markets: [btc], start: Date.UTC(2024, 0, 15), accounts: [{ ...KEY, balances: { USDT: 500 } }] });
    const b = binanceClient(await backup.listen(), KEY);
    try {
      expect((await b.fetchBalance())['USDT']!.free).toBe(500);
      expect((await ex.fetchBalance())['USDT']!.total).toBeGreaterThan(9000);
      expect(backup.url).not.toBe(emu.url);
    } finally {
      await backup.close();
    }
  });
});
