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
});
