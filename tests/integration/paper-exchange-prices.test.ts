import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { loadExchangeFeed } from '@/worker/paper/exchange-feed';
import { PaperRunner } from '@/worker/paper/paper-runner';
import { createTestDb, type TestDb } from '../support/test-db';
import { emulatorMarkets } from '../support/live-fixture';

/**
 * Paper mode on the emulator's live prices (PAPER_PRICES=exchange): the replay clock is the
 * exchange's newest closed candle, the markets' rules are the exchange's, fills are simulated
 * and no order ever reaches the exchange.
 */
describe('paper mode on an exchange\'s live prices', () => {
  let t: TestDb;
  let emu: ExchangeEmulator;
  let accountId: string;
  beforeAll(async () => {
    t = await createTestDb('paper_exchange');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    emu = new ExchangeEmulator({ markets: emulatorMarkets(['BTCUSDT', 'ETHUSDT', 'SOLUSDT']), start: Date.UTC(2024, 2, 1), accounts: [], weightPerMinute: 1e9 });
    await emu.listen();
  }, 60_000);
  afterAll(async () => { await emu.close(); await t.drop(); });

  it('follows the exchange\'s clock candle by candle, trades on simulated fills, and sends nothing to the exchange', async () => {
    const ex = binanceClient(emu.url);
    const { feed, source, latest } = await loadExchangeFeed(ex, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'], '1h', Date.now());
    expect(latest).toBe(emu.clock);
    expect(feed.rules!['BTC/USDT']).toMatchObject({ qtyStep: 0.00001, minNotional: 5 });
    const runner = await PaperRunner.open(t.db, { accountId, exchange: 'binance', feed, source, speed: 1, start: new Date(latest! + 1), cfg: defaultBacktestConfig({ timeZone: 'UTC' }), workerLabel: 'test' }, new Date());
    // nothing new on the exchange: nothing to process (the history only warmed the indicators)
    expect((await runner.tick(new Date())).steps).toBe(0);
    let trades = 0;
    for (let i = 0; i < 24 * 60; i++) {
      emu.step(1);
      const r = await runner.tick(new Date());
      expect(r.steps).toBe(1); // one candle closed on the exchange, one processed
      trades += r.trades;
    }
    expect((await t.db.paperReplay.findUniqueOrThrow({ where: { accountId } })).cursorTime!.getTime()).toBe(emu.clock);
    expect(trades).toBeGreaterThan(0);
    expect(await t.db.position.count({ where: { accountId } })).toBeGreaterThan(trades - 1);
    expect(emu.engine.orders.size).toBe(0);
    // a pause on the exchange side: the clock waits, then catches up
    const before = emu.clock;
    emu.step(5);
    expect((await runner.tick(new Date())).steps).toBe(5);
    expect(emu.clock).toBe(before + 5 * 3_600_000);
  }, 120_000);
});
