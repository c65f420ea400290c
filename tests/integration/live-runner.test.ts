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
    const sync = await t.db.liveSync.findUniqueOrThrow({ where: { accountId } });
    expect(sync.connectivity).toBe('UP');
    expect(sync.lastCleanPassAt).not.toBeNull();
  }, 240_000);
});
