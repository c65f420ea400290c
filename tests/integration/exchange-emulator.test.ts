import path from 'node:path';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { binanceClient } from '@/adapters/exchange/binance';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';

const DATA = path.resolve(import.meta.dirname, '..', '..', 'data');
const load = (f: string) => marketFromSeries(loadCandlesCsv(path.join(DATA, f), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 2, 1) }));
const KEY = { apiKey: 'sentinelTestKey0001', secret: 'sentinel-test-secret-0001' };
const START = Date.UTC(2024, 1, 1);

/** Real ccxt (binance class, 4.5.84) against the emulator on 127.0.0.1, over real BTC and ETH candles. */
describe('exchange emulator through real ccxt', () => {
  let emu: ExchangeEmulator;
  let ex: ReturnType<typeof binanceClient>;

  beforeAll(async () => {
    emu = new ExchangeEmulator({
      markets: [load('binance_BTCUSDT_1h.csv.gz'), load('binance_ETHUSDT_1h.csv.gz')], start: START,
      accounts: [{ ...KEY, balances: { USDT: 10_000, BTC: 0.5 } }, { apiKey: 'sentinelWithdrawKey1', secret: 'w', balances: { USDT: 10 }, enableWithdrawals: true }],
    });
    const url = await emu.listen();
    ex = binanceClient(url, KEY);
  });
  afterAll(async () => { await emu.close(); });

  it('public: time, markets with Binance rules, ticker, order book and candles up to the market clock only', async () => {
    expect(Math.abs((await ex.fetchTime())! - Date.now())).toBeLessThan(2000);
    const markets = await ex.loadMarkets();
    expect(Object.keys(markets).sort()).toEqual(['BTC/USDT', 'ETH/USDT']);
    expect(markets['BTC/USDT']).toMatchObject({ spot: true, active: true, precision: { price: 0.01, amount: 0.00001 }, limits: { cost: { min: 5 }, amount: { min: 0.00001 } } });
    const t = await ex.fetchTicker('BTC/USDT');
    expect(t.last).toBe(Number(emu.engine.lastPrice('BTCUSDT').toFixed(2)));
    expect(t.bid).toBeLessThan(t.ask!);
    const book = await ex.fetchOrderBook('BTC/USDT', 10);
    expect(book.bids).toHaveLength(10);
    expect(book.bids[0]![0]).toBeGreaterThan(book.bids[1]![0]!);
    expect(book.asks[0]![0]).toBeLessThan(book.asks[1]![0]!);
    const candles = await ex.fetchOHLCV('BTC/USDT', '1h', undefined, 5);
    expect(candles).toHaveLength(5);
    expect(candles.at(-1)![0]).toBe(emu.clock);
    emu.step(3);
    expect((await ex.fetchOHLCV('BTC/USDT', '1h', undefined, 1))[0]![0]).toBe(emu.clock);
    await expect(ex.fetchOHLCV('BTC/USDT', '5m')).rejects.toThrow(ccxt.BadRequest);
  });

  it('orders of every type, queried by id and client id, cancelled, listed; balances free and locked; my trades', async () => {
    await ex.loadMarkets();
    const last = emu.engine.lastPrice('BTCUSDT');
    const bal0 = await ex.fetchBalance();
    expect(bal0['USDT']).toMatchObject({ free: 10_000, used: 0, total: 10_000 });

    const market = await ex.createOrder('BTC/USDT', 'market', 'buy', 0.01, undefined, { clientOrderId: 'snl-e2e-m1' });
    expect(market).toMatchObject({ status: 'closed', filled: 0.01, clientOrderId: 'snl-e2e-m1', type: 'market', side: 'buy' });
    expect(market.fee?.currency).toBe('BTC');

    const limitPrice = Number((last * 0.9).toFixed(2));
    const limit = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, limitPrice, { clientOrderId: 'snl-e2e-l1' });
    expect(limit).toMatchObject({ status: 'open', price: limitPrice, amount: 0.01, filled: 0 });
    const locked = await ex.fetchBalance();
    expect(locked['USDT']!.used).toBeCloseTo(0.01 * limitPrice, 6);
    expect((await ex.fetchOrder(limit.id!, 'BTC/USDT')).clientOrderId).toBe('snl-e2e-l1');
    expect((await ex.fetchOrder(undefined as unknown as string, 'BTC/USDT', { origClientOrderId: 'snl-e2e-l1' })).id).toBe(limit.id);

    const maker = await ex.createOrder('BTC/USDT', 'limit', 'sell', 0.005, Number((last * 1.2).toFixed(2)), { postOnly: true });
    expect(maker.status).toBe('open');
    const stop = await ex.createOrder('BTC/USDT', 'limit', 'sell', 0.005, Number((last * 0.8).toFixed(2)), { stopLossPrice: Number((last * 0.81).toFixed(2)) });
    expect(stop).toMatchObject({ status: 'open', type: 'limit' });
    const tp = await ex.createOrder('BTC/USDT', 'limit', 'sell', 0.005, Number((last * 1.3).toFixed(2)), { takeProfitPrice: Number((last * 1.29).toFixed(2)) });
    expect(tp.status).toBe('open');

    const open = await ex.fetchOpenOrders('BTC/USDT');
    expect(open.map((o) => o.id).sort()).toEqual([limit.id, maker.id, stop.id, tp.id].sort());
    const cancelled = await ex.cancelOrder(limit.id!, 'BTC/USDT');
    expect(cancelled.status).toBe('canceled');
    await expect(ex.cancelOrder(limit.id!, 'BTC/USDT')).rejects.toThrow(ccxt.OrderNotFound);
    await expect(ex.fetchOrder('999999', 'BTC/USDT')).rejects.toThrow(ccxt.OrderNotFound);
    const all = await ex.cancelAllOrders('BTC/USDT');
    expect(all).toHaveLength(3);
    expect((await ex.fetchBalance())['BTC']!.used).toBeCloseTo(0, 12);

    const trades = await ex.fetchMyTrades('BTC/USDT');
    expect(trades).toHaveLength(1);
    expect(trades[0]).toMatchObject({ order: market.id, side: 'buy', amount: 0.01, takerOrMaker: 'taker', fee: { currency: 'BTC', cost: 0.00001 } });
  });

  it('a resting limit fills as the market clock walks the real candles', async () => {
    await ex.loadMarkets();
    const s = emu.engine.market('BTCUSDT').series;
    // the lowest low of the next 24 candles, plus a little: the path crosses it
    let i = 0;
    while (s.time[i]! < emu.clock) i++;
    let low = Infinity;
    for (let k = i + 1; k <= i + 24; k++) low = Math.min(low, s.low[k]!);
    const price = Number((low + 1).toFixed(2));
    const o = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.002, price);
    emu.step(24);
    const done = await ex.fetchOrder(o.id!, 'BTC/USDT');
    expect(done).toMatchObject({ status: 'closed', filled: 0.002, average: price });
    expect((await ex.fetchMyTrades('BTC/USDT')).at(-1)).toMatchObject({ order: o.id, takerOrMaker: 'maker', price });
  });

  it('errors arrive as the ccxt exceptions the spec names', async () => {
    await ex.loadMarkets();
    const last = emu.engine.lastPrice('BTCUSDT');
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 100, Number((last * 0.5).toFixed(2)))).rejects.toThrow(ccxt.InsufficientFunds);
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 0.01, Number((last * 1.1).toFixed(2)), { postOnly: true })).rejects.toThrow(ccxt.OrderImmediatelyFillable);
    await expect(ex.createOrder('BTC/USDT', 'limit', 'sell', 0.001, Number((last * 1.1).toFixed(2)), { stopLossPrice: Number((last * 1.05).toFixed(2)) })).rejects.toThrow(ccxt.OrderImmediatelyFillable);
    // ccxt rounds amounts to the step itself; a raw call below the minimum reaches the LOT_SIZE filter
    await expect(ex.privatePostOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.000001', price: '100.00' })).rejects.toThrow(ccxt.InvalidOrder);
    await expect(ex.privatePostOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', quantity: '0.00001', price: '100.00' })).rejects.toThrow(ccxt.BadRequest);
    await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, Number((last * 0.5).toFixed(2)), { clientOrderId: 'snl-dup' });
    await expect(ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, Number((last * 0.5).toFixed(2)), { clientOrderId: 'snl-dup' })).rejects.toThrow(ccxt.InvalidOrder);
    const wrongSecret = binanceClient(emu.url, { apiKey: KEY.apiKey, secret: 'not-the-secret' });
    await expect(wrongSecret.fetchBalance()).rejects.toThrow(ccxt.AuthenticationError);
    const unknownKey = binanceClient(emu.url, { apiKey: 'unknownKey000000000', secret: 'x' });
    await expect(unknownKey.fetchBalance()).rejects.toThrow(ccxt.AuthenticationError);
    const skewed = binanceClient(emu.url, KEY);
    skewed.options['timeDifference'] = 120_000; // its clock two minutes behind
    await expect(skewed.fetchBalance()).rejects.toThrow(ccxt.InvalidNonce);
    await expect(ex.fetchTicker('SOL/USDT')).rejects.toThrow(ccxt.BadSymbol);
    // -2014: a key that is not even well-formed; -1102: a mandatory parameter missing
    const malformed = binanceClient(emu.url, { apiKey: 'bad key!', secret: 'x' });
    await expect(malformed.fetchBalance()).rejects.toThrow(ccxt.AuthenticationError);
    await expect(ex.privatePostOrder({ symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: '100.00' })).rejects.toThrow(/-1102.*quantity/);
  });

  it('request weight: past the per-minute limit, 429 with Retry-After (DDoSProtection); X-MBX-USED-WEIGHT-1M counts every call', async () => {
    const small = new ExchangeEmulator({ markets: [load('binance_BTCUSDT_1h.csv.gz')], start: START, weightPerMinute: 45, accounts: [{ ...KEY, balances: { USDT: 100 } }] });
    const c = binanceClient(await small.listen(), KEY);
    try {
      await c.loadMarkets(); // weight 20
      const res = await fetch(`${small.url}/api/v3/ticker/24hr?symbol=BTCUSDT`); // weight 2
      expect(res.headers.get('x-mbx-used-weight-1m')).toBe('22');
      await c.fetchBalance(); // 20 → 42
      await expect(c.fetchBalance()).rejects.toThrow(ccxt.DDoSProtection); // 62 > 45
      const over = await fetch(`${small.url}/api/v3/time`);
      expect(over.status).toBe(418); // called again inside Retry-After: banned
      expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await small.close();
    }
  });

  it('API-key restrictions, per key', async () => {
    const r = await ex.sapiGetAccountApiRestrictions();
    expect(r).toMatchObject({ enableWithdrawals: false, enableReading: true, enableSpotAndMarginTrading: true });
    const w = binanceClient(emu.url, { apiKey: 'sentinelWithdrawKey1', secret: 'w' });
    expect((await w.sapiGetAccountApiRestrictions()).enableWithdrawals).toBe(true);
  });

  it('OCO through the raw ccxt call: a stop and a take-profit on one quantity; the first to trade expires the other; cancelling one cancels both', async () => {
    await ex.loadMarkets();
    const last = emu.engine.lastPrice('BTCUSDT');
    const p2 = (x: number) => x.toFixed(2);
    const before = (await ex.fetchBalance())['BTC']!;
    const list = await ex.privatePostOrderListOco({
      symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', listClientOrderId: 'snl-oco-1',
      aboveType: 'LIMIT_MAKER', abovePrice: p2(last * 1.5), aboveClientOrderId: 'snl-oco-1-tp',
      belowType: 'STOP_LOSS_LIMIT', belowStopPrice: p2(last * 0.5), belowPrice: p2(last * 0.49), belowTimeInForce: 'GTC', belowClientOrderId: 'snl-oco-1-sl',
    });
    expect(list).toMatchObject({ contingencyType: 'OCO', listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING', listClientOrderId: 'snl-oco-1' });
    expect(list.orderReports.map((o: { clientOrderId: string; orderListId: number }) => o.clientOrderId).sort()).toEqual(['snl-oco-1-sl', 'snl-oco-1-tp']);
    // the quantity is reserved once for both legs
    expect((await ex.fetchBalance())['BTC']!.used).toBeCloseTo((before.used ?? 0) + 0.01, 10);
    const legs = await ex.fetchOpenOrders('BTC/USDT');
    expect(legs.filter((o) => o.clientOrderId?.startsWith('snl-oco-1'))).toHaveLength(2);
    // cancelling the stop leg cancels the list
    await ex.cancelOrder(undefined as unknown as string, 'BTC/USDT', { origClientOrderId: 'snl-oco-1-sl' });
    expect((await ex.fetchOrder(undefined as unknown as string, 'BTC/USDT', { origClientOrderId: 'snl-oco-1-tp' })).status).toBe('canceled');
    expect((await ex.fetchBalance())['BTC']!.used).toBeCloseTo(before.used ?? 0, 10);
    await expect(ex.privatePostOrderListOco({ symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', aboveType: 'LIMIT_MAKER', abovePrice: p2(last * 0.9),
      belowType: 'STOP_LOSS_LIMIT', belowStopPrice: p2(last * 0.8), belowPrice: p2(last * 0.79), belowTimeInForce: 'GTC' })).rejects.toThrow(ccxt.BadRequest);

    // a tight list: the stop triggers on the real path within a day, the take-profit expires
    const s = emu.engine.market('BTCUSDT').series;
    let i = 0;
    while (s.time[i]! < emu.clock) i++;
    let low = Infinity;
    for (let k = i + 1; k <= i + 24; k++) low = Math.min(low, s.low[k]!);
    const stopPrice = Number(p2(Math.max(low + 1, Math.min(last - 1, low + (last - low) / 2))));
    await ex.privatePostOrderListOco({ symbol: 'BTCUSDT', side: 'SELL', quantity: '0.01', listClientOrderId: 'snl-oco-2',
      aboveType: 'LIMIT_MAKER', abovePrice: p2(last * 1.5), aboveClientOrderId: 'snl-oco-2-tp',
      belowType: 'STOP_LOSS_LIMIT', belowStopPrice: p2(stopPrice), belowPrice: p2(stopPrice * 0.995), belowTimeInForce: 'GTC', belowClientOrderId: 'snl-oco-2-sl' });
    emu.step(24);
    const sl = await ex.fetchOrder(undefined as unknown as string, 'BTC/USDT', { origClientOrderId: 'snl-oco-2-sl' });
    const tp = await ex.fetchOrder(undefined as unknown as string, 'BTC/USDT', { origClientOrderId: 'snl-oco-2-tp' });
    expect(sl.status).toBe('closed');
    expect(tp.status).toBe('expired');
    expect(sl.average).toBeGreaterThanOrEqual(Number(p2(stopPrice * 0.995)));
    expect((await ex.fetchBalance())['BTC']!.used).toBeCloseTo(before.used ?? 0, 10);
  });
});
