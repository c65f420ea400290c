import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { createLogger } from '@/adapters/logging/logger';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { liveInvariantViolations } from '@/tools/chaos/live-invariants';
import type { faultsBody } from '@/tools/exchange-emulator/faults';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { ExchangeHealth } from '@/worker/live/exchange-health';
import { LiveRunner } from '@/worker/live/live-runner';
import { createTestDb, type TestDb } from '../support/test-db';
import { emulatorMarkets } from '../support/live-fixture';
import type { z } from 'zod';

const KEY = { apiKey: 'liveFaultsKey00001', secret: 'live-faults-secret' };
const START_USDT = 1000;

/**
 * One test per fault mode of the emulator, through the live runner and real ccxt: the fault
 * is armed, the market clock stepped until the runner has sent orders through it, the fault
 * lifted; then, once the runner has reconciled and settled, no order is duplicated, nothing
 * is untracked (tools/chaos/live-invariants.ts), and the right alert was raised (or none).
 */
describe('live trading under each exchange fault', () => {
  let t: TestDb;
  let accountId: string;
  let emu: ExchangeEmulator;
  let runner: LiveRunner;
  let health: ExchangeHealth;
  const log = createLogger('test', 'silent');

  const exchangeOrders = () => [...emu.engine.orders.values()].filter((o) => o.account === KEY.apiKey);
  const alerts = (code: string) => t.db.alert.findMany({ where: { accountId, code }, orderBy: { firstSeenAt: 'asc' } });
  const arm = (faults: NonNullable<z.input<typeof faultsBody>['faults']>) => emu.faults.set({ faults });
  /** Step the clock a candle per pass until `n` more orders reached the exchange (or the runner sent them through the fault). */
  const stepUntilOrders = async (n: number, maxSteps = 24 * 60) => {
    const before = exchangeOrders().length;
    for (let i = 0; i < maxSteps; i++) {
      // a rate-limit hold: the runner sends nothing, so the market must not run ahead of it
      while (health.isHolding) await new Promise((r) => setTimeout(r, 50));
      emu.step(1);
      await runner.tick();
      if (exchangeOrders().length >= before + n) return;
    }
    throw new Error(`fewer than ${n} new orders in ${maxSteps} candles`);
  };
  /** Passes without moving the clock until one leaves nothing unsettled, then the invariants. */
  const settleAndCheck = async () => {
    emu.clearFaults();
    let isClean = false;
    for (let i = 0; i < 40 && !isClean; i++) isClean = (await runner.tick()).isClean;
    expect(isClean, 'a clean pass after the fault').toBe(true);
    expect(await liveInvariantViolations(t.db, emu, { accountId, apiKey: KEY.apiKey, quote: 'USDT', startQuote: START_USDT, timeframeMs: 3_600_000 })).toEqual([]);
  };
  const noConnectivityAlert = async () => expect((await alerts('EXCHANGE_CONNECTIVITY_LOST')).length).toBe(0);

  beforeAll(async () => {
    t = await createTestDb('live_faults');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    emu = new ExchangeEmulator({ markets: emulatorMarkets(['BTCUSDT', 'ETHUSDT', 'SOLUSDT'], Date.UTC(2024, 0, 1), Date.UTC(2025, 0, 1)), start: Date.UTC(2024, 2, 1),
      accounts: [{ ...KEY, balances: { USDT: START_USDT } }], weightPerMinute: 1e9 });
    const url = await emu.listen();
    health = new ExchangeHealth(t.db, accountId, 'binance', 1500, Date.now, 300);
    const ex = health.attach(binanceClient(url, KEY));
    ex.timeout = 600;
    runner = await LiveRunner.open(t.db, ex, health, log, {
      accountId, exchange: 'binance', exchangeUrl: url, symbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'], timeframe: '1h', cfg: defaultBacktestConfig({ timeZone: 'UTC' }),
      workerLabel: 'test', reconcileEveryMs: 0, staleAfterMs: 2000, now: () => new Date(), submit: { baseDelayMs: 20, maxDelayMs: 100 },
    });
  }, 60_000);
  afterAll(async () => { await emu.close(); await t.drop(); });

  it('latency: answers come late but come; each order placed once, no alert', async () => {
    arm([{ kind: 'latency', ms: 250, routes: ['POST /api/v3/order', 'POST /api/v3/orderList/oco'] }]);
    await stepUntilOrders(1);
    await settleAndCheck();
    await noConnectivityAlert();
  });

  it('timeout: the order is looked up by its client id before it is sent again; placed once, no alert', async () => {
    arm([{ kind: 'timeout', routes: ['POST /api/v3/order'], count: 1 }]);
    await stepUntilOrders(1);
    await settleAndCheck();
    await noConnectivityAlert();
  });

  it('dropped answer: the order was carried out, it is found by its client id and never sent twice', async () => {
    arm([{ kind: 'dropResponse', routes: ['POST /api/v3/order'], count: 1 }]);
    await stepUntilOrders(1);
    await settleAndCheck();
    const ids = exchangeOrders().map((o) => o.clientOrderId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a dropped answer to the OCO: the stop is found by its client id and verified, not placed twice', async () => {
    arm([{ kind: 'dropResponse', routes: ['POST /api/v3/orderList/oco'], count: 1 }]);
    const lists = emu.engine.lists.size;
    await stepUntilOrders(2);
    await settleAndCheck();
    const listIds = [...emu.engine.lists.values()].map((l) => l.listClientOrderId);
    expect(new Set(listIds).size).toBe(listIds.length);
    expect(emu.engine.lists.size).toBeGreaterThan(lists);
  });

  it('5xx: retried with backoff, placed once, no alert for a passing error', async () => {
    arm([{ kind: 'http5xx', routes: ['POST /api/v3/order'], count: 2 }]);
    await stepUntilOrders(1);
    await settleAndCheck();
    await noConnectivityAlert();
  });

  it('refused connection: retried, placed once', async () => {
    arm([{ kind: 'refuse', ms: 200, routes: ['POST /api/v3/order'], count: 1 }]);
    await stepUntilOrders(1);
    await settleAndCheck();
  });

  it('429: the runner holds off for the window instead of earning a 418 ban', async () => {
    arm([{ kind: 'rate429', ms: 300, routes: ['GET /api/v3/klines'], count: 1 }]);
    await stepUntilOrders(1);
    await settleAndCheck();
    expect(health.state.lastError ?? '').not.toMatch(/418|banned/i);
    await noConnectivityAlert();
  });

  it('order refused by the exchange: the entry is REJECTED and journaled, nothing is retried blindly, no connectivity alert', async () => {
    const before = await t.db.order.count({ where: { accountId, purpose: 'ENTRY', status: 'REJECTED' } });
    // with nothing open, the next order sent is an entry (no exit can come first): an operator's close of each open position
    await t.db.position.updateMany({ where: { accountId, status: 'OPEN' }, data: { status: 'CLOSING', exitReason: 'MANUAL' } });
    for (let i = 0; i < 40 && (await t.db.position.count({ where: { accountId, status: { not: 'CLOSED' } } })) > 0; i++) await runner.tick();
    expect(await t.db.position.count({ where: { accountId, status: { not: 'CLOSED' } } })).toBe(0);
    arm([{ kind: 'rejectOrder', routes: ['POST /api/v3/order'], count: 1 }]);
    for (let i = 0; i < 24 * 60 && (await t.db.order.count({ where: { accountId, purpose: 'ENTRY', status: 'REJECTED' } })) === before; i++) { emu.step(1); await runner.tick(); }
    const rejected = await t.db.order.findFirstOrThrow({ where: { accountId, purpose: 'ENTRY', status: 'REJECTED' }, orderBy: { createdAt: 'desc' } });
    expect(rejected.lastError).toMatch(/rejected/i);
    expect(await t.db.position.count({ where: { decisionId: rejected.decisionId } })).toBe(0);
    expect(await t.db.journalEntry.count({ where: { accountId, kind: 'ORDER', message: { startsWith: 'entry refused by the exchange' } } })).toBeGreaterThan(0);
    await settleAndCheck();
    await noConnectivityAlert();
  });

  it('the stop cannot be placed: the position is closed at market and a critical STOP_NOT_PLACED alert is raised', async () => {
    arm([{ kind: 'http5xx', routes: ['POST /api/v3/orderList/oco'] }]);
    for (let i = 0; i < 24 * 60 && (await alerts('STOP_NOT_PLACED')).length === 0; i++) { emu.step(1); await runner.tick(); }
    const [alert] = await alerts('STOP_NOT_PLACED');
    expect(alert).toMatchObject({ severity: 'CRITICAL' });
    expect(alert!.message).toMatch(/closed at market/);
    await settleAndCheck();
    const positionId = (alert!.evidence as { positionId: string }).positionId;
    expect(await t.db.position.findUniqueOrThrow({ where: { id: positionId } })).toMatchObject({ status: 'CLOSED' });
  });

  it('the exchange down for longer than the limit: critical "connectivity lost", entries paused, stops stay on the exchange; recovery announced', async () => {
    const resting = exchangeOrders().filter((o) => o.status === 'NEW').map((o) => o.clientOrderId);
    const outageFrom = new Date();
    arm([{ kind: 'http5xx' }]);
    const until = Date.now() + 2500;
    while (Date.now() < until) { emu.step(1); await runner.tick(); await new Promise((r) => setTimeout(r, 50)); }
    expect(health.state.status).toBe('lost');
    expect(runner.canEnter).toBe(false);
    const [lost] = await alerts('EXCHANGE_CONNECTIVITY_LOST');
    expect(lost).toMatchObject({ severity: 'CRITICAL', status: 'OPEN' });
    // the exchange kept every resting stop while the bot could not reach it
    for (const id of resting) expect(exchangeOrders().find((o) => o.clientOrderId === id)?.status).toBe('NEW');
    emu.clearFaults();
    await runner.tick();
    expect(health.state.status).toBe('up');
    expect((await t.db.alert.findUniqueOrThrow({ where: { id: lost!.id } })).status).toBe('RESOLVED');
    expect((await alerts('EXCHANGE_CONNECTIVITY_RESTORED')).length).toBe(1);
    // no entry went out while the exchange was lost; the candles missed meanwhile were caught up
    // with entries held back on all but the newest (journaled as live_stale_candle when a signal came)
    expect(await t.db.order.count({ where: { accountId, purpose: 'ENTRY', createdAt: { gte: outageFrom } } })).toBe(0);
    const sync = await t.db.liveSync.findUniqueOrThrow({ where: { accountId } });
    expect(sync.cursorTime!.getTime()).toBe(emu.clock);
    await settleAndCheck();
  });

  it('stale feed: the exchange answers but its candles stop: a MARKET_DATA_STALE warning, resolved when candles move again', async () => {
    const before = (await alerts('MARKET_DATA_STALE')).length;
    arm([{ kind: 'staleFeed' }]);
    const until = Date.now() + 2500;
    while (Date.now() < until) { emu.step(1); await runner.tick(); await new Promise((r) => setTimeout(r, 50)); }
    const stale = (await alerts('MARKET_DATA_STALE'))[before];
    expect(stale).toMatchObject({ severity: 'WARNING', status: 'OPEN' });
    emu.clearFaults();
    emu.step(1);
    await runner.tick();
    expect((await t.db.alert.findUniqueOrThrow({ where: { id: stale!.id } })).status).toBe('RESOLVED');
    await settleAndCheck();
  });
});
