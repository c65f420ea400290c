import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { createLogger } from '@/adapters/logging/logger';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { ExchangeHealth } from '@/worker/live/exchange-health';
import { LiveRunner, type LiveOptions } from '@/worker/live/live-runner';
import { createTestDb, type TestDb } from '../support/test-db';
import { emulatorMarkets } from '../support/live-fixture';

const KEY = { apiKey: 'liveRunnerKey00001', secret: 'live-runner-secret' };
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT'];

/** TRADING_MODE=live's pipeline against the emulator through real ccxt: the clock is stepped a candle at a time. */
describe('live runner: the pipeline trades on the exchange', () => {
  let t: TestDb;
  let accountId: string;
  let emu: ExchangeEmulator;
  let ex: ReturnType<typeof binanceClient>;
  let opts: LiveOptions;
  let health: ExchangeHealth;
  const log = createLogger('test', 'silent');

  beforeAll(async () => {
    t = await createTestDb('live_runner');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    emu = new ExchangeEmulator({ markets: emulatorMarkets(SYMBOLS), start: Date.UTC(2024, 2, 1), accounts: [{ ...KEY, balances: { USDT: 500 } }], weightPerMinute: 1e9 });
    const url = await emu.listen();
    health = new ExchangeHealth(t.db, accountId, 'binance', 30_000, Date.now);
    ex = health.attach(binanceClient(url, KEY));
    ex.timeout = 2000;
    opts = { accountId, exchange: 'binance', exchangeUrl: url, symbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'], timeframe: '1h', cfg: defaultBacktestConfig({ timeZone: 'UTC' }),
      workerLabel: 'test', reconcileEveryMs: 0, now: () => new Date(), submit: { baseDelayMs: 10, maxDelayMs: 50 } };
  }, 60_000);
  afterAll(async () => { await emu.close(); await t.drop(); });

  it('enters, rests each stop on the exchange, closes on the exchange\'s fills, and the books match the exchange', async () => {
    let runner = await LiveRunner.open(t.db, ex, health, log, opts);
    let entries = 0;
    let closed = 0;
    for (let i = 0; i < 24 * 40; i++) {
      emu.step(1);
      const r = await runner.tick();
      entries += r.entries;
      closed += r.closed;
      // every open position has its stop resting on the exchange after each pass
      for (const p of await t.db.position.findMany({ where: { accountId, status: 'OPEN' }, include: { orders: true } })) {
        const sl = p.orders.find((o) => o.purpose === 'STOP');
        expect(sl, `position ${p.id} has a stop row`).toBeDefined();
        const onExchange = await ex.fetchOrder(undefined as unknown as string, p.symbol, { origClientOrderId: sl!.clientOrderId });
        expect(onExchange.status).toBe('open');
      }
      if (i === 24 * 20) runner = await LiveRunner.open(t.db, ex, health, log, opts); // a restart halfway: rebuilt from the rows
    }
    expect(entries).toBeGreaterThan(2);
    expect(closed).toBeGreaterThan(0);
    // every order of ours on the exchange is known by its client id; no decision has two entries
    const rows = await t.db.order.findMany({ where: { accountId } });
    const byClient = new Map(rows.map((o) => [o.clientOrderId, o]));
    for (const o of [...emu.engine.orders.values()].filter((x) => x.account === KEY.apiKey)) expect(byClient.has(o.clientOrderId), o.clientOrderId).toBe(true);
    const entriesByDecision = new Map<string, number>();
    for (const o of rows.filter((x) => x.purpose === 'ENTRY')) entriesByDecision.set(String(o.decisionId), (entriesByDecision.get(String(o.decisionId)) ?? 0) + 1);
    expect([...entriesByDecision.values()].every((n) => n === 1)).toBe(true);
    // the exchange's base balances are what the fills say, and cover the open positions
    const bal = await ex.fetchBalance();
    for (const s of ['BTC', 'ETH', 'SOL']) {
      const fills = await t.db.fill.findMany({ where: { accountId, symbol: `${s}/USDT` } });
      const held = fills.reduce((a, f) => a + (f.side === 'BUY' ? f.quantity.toNumber() - (f.feeCurrency === s ? f.fee.toNumber() : 0) : -f.quantity.toNumber()), 0);
      expect((bal.total as unknown as Record<string, number>)[s] ?? 0).toBeCloseTo(held, 8);
      const open = (await t.db.position.findMany({ where: { accountId, symbol: `${s}/USDT`, status: { not: 'CLOSED' } } })).reduce((a, p) => a + p.quantity.toNumber(), 0);
      expect(open).toBeLessThanOrEqual(held + 1e-12);
    }
    // stops and targets filling on the exchange are routine, not corrections: no RECONCILE_CORRECTED without a crash or a lost answer
    expect(await t.db.alert.count({ where: { accountId, code: 'RECONCILE_CORRECTED' } })).toBe(0);
    // each position opened is announced once (INFO, resolved at once: a notice, not a condition)
    const opened = await t.db.alert.findMany({ where: { accountId, code: 'TRADE_OPENED' } });
    expect(opened.length).toBe(await t.db.position.count({ where: { accountId, venue: 'EXCHANGE' } }));
    expect(opened.every((a) => a.status === 'RESOLVED' && a.severity === 'INFO')).toBe(true);
    const sync = await t.db.liveSync.findUniqueOrThrow({ where: { accountId } });
    expect(sync.connectivity).toBe('UP');
    expect(sync.lastCleanPassAt).not.toBeNull();
  }, 240_000);

  it('a stop that filled while the worker was down: on restart the fill is recorded from the exchange\'s report and the position closes at its price', async () => {
    let runner = await LiveRunner.open(t.db, ex, health, log, opts);
    // trade until a position rests with its pair on the exchange
    let open = null;
    for (let i = 0; i < 24 * 60 && !open; i++) {
      emu.step(1);
      await runner.tick();
      open = await t.db.position.findFirst({ where: { accountId, status: 'OPEN', orders: { some: { purpose: 'STOP', status: 'OPEN' } } }, include: { orders: true } });
    }
    expect(open).not.toBeNull();
    const legs = open!.orders.filter((o) => o.purpose === 'STOP' || o.purpose === 'TARGET').map((o) => o.clientOrderId);
    // the worker is down: the market moves on until the exchange fills one leg of the pair
    const filledLeg = () => [...emu.engine.orders.values()].find((o) => legs.includes(o.clientOrderId) && o.status === 'FILLED');
    for (let i = 0; i < 24 * 120 && !filledLeg(); i++) emu.step(1);
    const leg = filledLeg()!;
    expect(leg).toBeDefined();
    // restart: reconcile, then settle, before anything else
    runner = await LiveRunner.open(t.db, ex, health, log, opts);
    await runner.tick();
    const closed = await t.db.position.findUniqueOrThrow({ where: { id: open!.id } });
    expect(closed.status).toBe('CLOSED');
    expect(closed.exitReason).toBe(leg.clientOrderId.endsWith('-sl') ? 'STOP' : 'TARGET');
    expect(closed.exitPrice!.toNumber()).toBeCloseTo(leg.cummulativeQuoteQty / leg.executedQty, 6);
    const row = await t.db.order.findUniqueOrThrow({ where: { clientOrderId: leg.clientOrderId }, include: { fills: true } });
    expect(row.status).toBe('FILLED');
    expect(row.fills.reduce((a, f) => a + f.quantity.toNumber(), 0)).toBeCloseTo(leg.executedQty, 12);
    expect(await t.db.journalEntry.count({ where: { accountId, message: { startsWith: `reconcile: ${leg.clientOrderId} OPEN → FILLED` } } })).toBe(1);
  }, 240_000);

  it('foreign orders and funds are not the bot\'s: left alone, alerted, and its cash is its own fills only', async () => {
    const runner = await LiveRunner.open(t.db, ex, health, log, opts);
    const cashBefore = runner.state.cash;
    // someone deposits and rests an order by hand on the same account
    const acct = emu.engine.accounts.get(KEY.apiKey)!;
    acct.balances.set('USDT', { free: acct.balances.get('USDT')!.free + 10_000, locked: acct.balances.get('USDT')!.locked });
    const foreign = await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, Math.round(emu.engine.lastPrice('BTCUSDT') * 0.5), { clientOrderId: 'by-hand-0001' });
    await runner.reconcile();
    expect(runner.reconciliation!.foreign.map((f) => f.clientOrderId)).toContain('by-hand-0001');
    expect(runner.state.cash).toBe(cashBefore);
    expect((await LiveRunner.open(t.db, ex, health, log, opts)).state.cash).toBeCloseTo(cashBefore, 6);
    expect((await ex.fetchOrder(foreign.id!, 'BTC/USDT')).status).toBe('open');
    expect(await t.db.order.findUnique({ where: { clientOrderId: 'by-hand-0001' } })).toBeNull();
    expect(await t.db.alert.count({ where: { accountId, code: 'FOREIGN_ORDERS' } })).toBeGreaterThan(0);
  }, 60_000);
});
