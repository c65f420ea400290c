import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ExchangeEngine, type Account } from '@/tools/exchange-emulator/engine';
import { defaultRules, marketFromSeries, pow10Text } from '@/tools/exchange-emulator/markets';

const DATA = path.resolve(import.meta.dirname, '..', '..', '..', 'data');
// BTC/USDT 1h, 2024-03-01 00:00 → 06:00 UTC: real candles, hand-checked below
const btc = loadCandlesCsv(path.join(DATA, 'binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 2, 1), toMs: Date.UTC(2024, 2, 1, 6) });

function setup() {
  const m = marketFromSeries(btc);
  const acct: Account = { apiKey: 'k', secret: 's', balances: new Map([['USDT', { free: 10_000, locked: 0 }], ['BTC', { free: 1, locked: 0 }]]), canTrade: true, canWithdraw: false, enableWithdrawals: false };
  const e = new ExchangeEngine(new Map([[m.symbol, m]]), new Map([['k', acct]]), { feeRate: 0.001, maxVolumeShare: 0.1 });
  e.advance('BTCUSDT', 0, 1);
  return { e, acct, m };
}

describe('exchange emulator engine on real candles', () => {
  it('markets: Binance rules from the snapshot for BTCUSDT, the default rule for an unknown coin', () => {
    expect(marketFromSeries(btc).rules).toMatchObject({ tickSize: '0.01', stepSize: '0.00001', minNotional: '5', source: 'binance snapshot' });
    expect(defaultRules(97012.35)).toMatchObject({ tickSize: '0.1', stepSize: '0.00001', source: 'default rule' });
    expect(defaultRules(0.3456)).toMatchObject({ tickSize: '0.000001', stepSize: '1' });
    expect(pow10Text(-3)).toBe('0.001');
  });

  it('a BUY LIMIT below the market rests with its quote locked, fills when the path reaches it (maker), fee in BTC', () => {
    const { e, acct } = setup();
    const low = Math.min(...Array.from({ length: 5 }, (_, k) => btc.low[k + 1]!));
    const price = Number((low + 5).toFixed(2));
    const o = e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.01, price, timeInForce: 'GTC' }, 2);
    expect(o.status).toBe('NEW');
    expect(acct.balances.get('USDT')).toEqual({ free: 10_000 - 0.01 * price, locked: expect.closeTo(0.01 * price, 9) });
    for (let i = 1; i < btc.length && o.status !== 'FILLED'; i++) e.advance('BTCUSDT', i, 3 + i);
    expect(o.status).toBe('FILLED');
    expect(o.fills[0]).toMatchObject({ price, qty: 0.01, commissionAsset: 'BTC', commission: expect.closeTo(0.00001, 12) });
    expect(acct.balances.get('BTC')!.free).toBeCloseTo(1 + 0.01 - 0.00001, 12);
    expect(acct.balances.get('USDT')!.locked).toBeCloseTo(0, 9);
    expect(e.trades.at(-1)).toMatchObject({ isMaker: true, isBuyer: true });
  });

  it('a SELL STOP_LOSS_LIMIT waits off the book, triggers when the path falls to its stop, then fills as a limit', () => {
    const { e, acct } = setup();
    const last = e.lastPrice('BTCUSDT');
    const lows = Array.from({ length: 5 }, (_, k) => btc.low[k + 1]!);
    const stop = Number((Math.min(...lows) + 20).toFixed(2));
    expect(stop).toBeLessThan(last);
    const o = e.place(acct, { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: 0.01, price: Number((stop - 10).toFixed(2)), stopPrice: stop, timeInForce: 'GTC' }, 2);
    expect(o).toMatchObject({ status: 'NEW', workingTime: -1 });
    expect(acct.balances.get('BTC')).toEqual({ free: 0.99, locked: 0.01 });
    for (let i = 1; i < btc.length && o.status !== 'FILLED'; i++) e.advance('BTCUSDT', i, 3 + i);
    expect(o.isTriggered).toBe(true);
    expect(o.status).toBe('FILLED');
    expect(o.fills[0]!.price).toBeGreaterThanOrEqual(stop - 10);
    expect(() => e.place(acct, { symbol: 'BTCUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: 0.01, price: 1e5, stopPrice: Number((e.lastPrice('BTCUSDT') + 100).toFixed(2)), timeInForce: 'GTC' }, 9))
      .toThrow('Order would trigger immediately.');
  });

  it('refuses like Binance: filters, balance, duplicate client id, post-only that would take, unknown order on cancel', () => {
    const { e, acct } = setup();
    const last = e.lastPrice('BTCUSDT');
    const code = (f: () => unknown) => { try { f(); } catch (err) { return [(err as { code: number }).code, (err as Error).message]; } return null; };
    expect(code(() => e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.000015, price: 100, timeInForce: 'GTC' }, 2))).toEqual([-1013, 'Filter failure: LOT_SIZE']);
    expect(code(() => e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.00001, price: 100, timeInForce: 'GTC' }, 2))).toEqual([-1013, 'Filter failure: NOTIONAL']);
    expect(code(() => e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: 100.005, timeInForce: 'GTC' }, 2))).toEqual([-1013, 'Filter failure: PRICE_FILTER']);
    expect(code(() => e.place(acct, { symbol: 'BTCUSDT', side: 'SELL', type: 'LIMIT', quantity: 2, price: Number((last * 2).toFixed(2)), timeInForce: 'GTC' }, 2))).toEqual([-2010, 'Account has insufficient balance for requested action.']);
    expect(code(() => e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT_MAKER', quantity: 0.01, price: Number((last * 1.01).toFixed(2)) }, 2))).toEqual([-2010, 'Order would immediately match and take.']);
    expect(code(() => e.place(acct, { symbol: 'ETHUSDT', side: 'BUY', type: 'MARKET', quantity: 1 }, 2))).toEqual([-1121, 'Invalid symbol.']);
    e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: Number((last * 0.9).toFixed(2)), timeInForce: 'GTC', newClientOrderId: 'snl-1' }, 2);
    expect(code(() => e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: 0.01, price: Number((last * 0.9).toFixed(2)), timeInForce: 'GTC', newClientOrderId: 'snl-1' }, 2))).toEqual([-2010, 'Duplicate order sent.']);
    const o = e.find(acct, 'BTCUSDT', { origClientOrderId: 'snl-1' })!;
    e.cancel(acct, o, 3);
    expect(acct.balances.get('USDT')).toEqual({ free: expect.closeTo(10_000, 9), locked: expect.closeTo(0, 9) });
    expect(code(() => e.cancel(acct, o, 4))).toEqual([-2011, 'Unknown order sent.']);
  });

  it('a MARKET order fills at the synthesised ask, capped at a share of the candle volume (the rest EXPIRED)', () => {
    const { e, acct } = setup();
    const { ask } = e.bestBidAsk('BTCUSDT');
    const o = e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 0.05 }, 2);
    expect(o).toMatchObject({ status: 'FILLED', executedQty: 0.05 });
    expect(o.fills[0]!.price).toBe(ask);
    acct.balances.get('USDT')!.free = 1e12;
    e.opts.maxVolumeShare = 0.01;
    const big = e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 120 }, 3);
    expect(big.status).toBe('EXPIRED');
    expect(big.executedQty).toBeCloseTo(Math.floor(btc.volume[0]! * 0.01 / 0.00001) * 0.00001, 5);
    expect(() => e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'MARKET', quantity: 200 }, 4)).toThrow('Filter failure: MARKET_LOT_SIZE');
  });

  it('a resting order larger than the volume share fills over several candles (PARTIALLY_FILLED in between)', () => {
    const { e, acct } = setup();
    acct.balances.get('USDT')!.free = 1e9;
    e.opts.maxVolumeShare = 0.001; // 0.1% of each candle's volume
    const price = Number((e.lastPrice('BTCUSDT') * 1.2).toFixed(2)); // far above: every path reaches it
    const qty = 3;
    const o = e.place(acct, { symbol: 'BTCUSDT', side: 'BUY', type: 'LIMIT', quantity: qty, price, timeInForce: 'GTC' }, 2);
    // it crossed at placement and took 0.1% of the last candle's volume at the ask
    const first = Math.floor(btc.volume[0]! * 0.001 / 0.00001) * 0.00001;
    expect(o.executedQty).toBeCloseTo(first, 5);
    expect(o.status).toBe('PARTIALLY_FILLED');
    e.advance('BTCUSDT', 1, 3);
    const second = Math.floor(btc.volume[1]! * 0.001 / 0.00001) * 0.00001;
    expect(o.executedQty).toBeCloseTo(Math.min(qty, first + second), 5);
    expect(o.fills.at(-1)!.price).toBe(btc.open[1]! < price ? btc.open[1]! : price); // opened below the limit: filled at the open
    // what is left stays reserved at the limit price
    expect(acct.balances.get('USDT')!.locked).toBeCloseTo((qty - o.executedQty) * price, 6);
  });

  it('gaps: a stop-limit whose candle opens through both its stop and its limit triggers but rests unfilled; a resting buy limit above a gap-down open fills at the open', () => {
    // hand-built candles (a real 1h series rarely gaps): 100 → opens at 90 and falls to 85, then rebounds to 99
    const t0 = Date.UTC(2024, 0, 1);
    const mk = (rows: number[][]) => ({ symbol: 'GAP/USDT', base: 'GAP', quote: 'USDT', timeframe: '1h', length: rows.length,
      time: Float64Array.from(rows.map((_, k) => t0 + k * 3_600_000)), open: Float64Array.from(rows.map((r) => r[0]!)), high: Float64Array.from(rows.map((r) => r[1]!)),
      low: Float64Array.from(rows.map((r) => r[2]!)), close: Float64Array.from(rows.map((r) => r[3]!)), volume: Float64Array.from(rows.map(() => 1e6)) });
    const m = marketFromSeries(mk([[100, 101, 99, 100], [90, 91, 85, 86], [86, 99, 86, 98]]));
    const acct: Account = { apiKey: 'k', secret: 's', balances: new Map([['USDT', { free: 10_000, locked: 0 }], ['GAP', { free: 10, locked: 0 }]]), canTrade: true, canWithdraw: false, enableWithdrawals: false };
    const e = new ExchangeEngine(new Map([[m.symbol, m]]), new Map([['k', acct]]));
    e.advance('GAPUSDT', 0, 1);
    const stop = e.place(acct, { symbol: 'GAPUSDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', quantity: 1, stopPrice: 95, price: 94, timeInForce: 'GTC' }, 2);
    const buy = e.place(acct, { symbol: 'GAPUSDT', side: 'BUY', type: 'LIMIT', quantity: 1, price: 92, timeInForce: 'GTC' }, 2);
    e.advance('GAPUSDT', 1, 3);
    expect(stop).toMatchObject({ isTriggered: true, status: 'NEW' }); // rests as SELL LIMIT 94, above the market
    expect(buy.fills[0]).toMatchObject({ price: 90, qty: 1 }); // filled at the gap-down open, not at 92
    expect(acct.balances.get('USDT')!.free).toBeCloseTo(10_000 - 90, 9); // the reserve at 92 released down to the fill at 90
    e.advance('GAPUSDT', 2, 4);
    expect(stop.status).toBe('FILLED'); // the rebound reaches 94
    expect(stop.fills[0]).toMatchObject({ price: 94, commissionAsset: 'USDT', commission: expect.closeTo(0.094, 12) });
  });
});
