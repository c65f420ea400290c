import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import type { SessionUser } from '@/server/auth/current-user';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

const MIN = 60_000;

/** The System page's reads (system.get, system.series) and the Risk page's signals (risk.signals), as a viewer. */
describe('system and risk-signal reads', () => {
  let t: TestDb;
  let accountId: string;
  let viewer: SessionUser;
  const now = new Date();
  const ago = (ms: number) => new Date(Math.floor((now.getTime() - ms) / MIN) * MIN);

  beforeAll(async () => {
    t = await createTestDb('system_page');
    accountId = (await ensureBaseData(t.db, { now, capitalAllocationCap: 1 })).account.id;
    viewer = (await seedUsers(t.db)).VIEWER;
    await t.db.workerHeartbeat.create({ data: { workerId: 'w-1', hostname: 'h', pid: 1, mode: 'PAPER', version: 't', startedAt: ago(20 * MIN), lastBeatAt: new Date(now.getTime() - 1500),
      loopLagMs: 3, details: { rssBytes: 123_000_000 } } });
    const w = (at: Date, name: string, label: string, count: number, errors: number, p50Us: number, p99Us: number, maxUs = p99Us) =>
      ({ workerId: 'w-1', at, windowMs: MIN, name, label, count, errors, p50Us, p99Us, maxUs });
    const rows = [];
    // ten minutes of windows; the klines endpoint has one bad minute
    for (let k = 10; k >= 1; k--) {
      const at = ago(k * MIN);
      rows.push(w(at, 'exchange_request', 'GET /api/v3/klines', 60, k === 3 ? 12 : 0, 20_000, k === 3 ? 900_000 : 40_000),
        w(at, 'db_query', 'probe', 30, 0, 400, 1_000), w(at, 'db_query', 'statement', 500, 0, 250, 3_000), w(at, 'loop_lag', '', 6_000, 0, 50, 1_500, 20_000));
    }
    rows.push(w(ago(2 * MIN), 'exchange_request', 'POST /api/v3/order', 2, 0, 30_000, 60_000), w(ago(2 * MIN), 'order_submit', 'ENTRY', 2, 1, 45_000, 90_000));
    rows.push(w(ago(3 * 3_600_000), 'exchange_request', 'GET /api/v3/klines', 999, 999, 1, 1)); // older than the hour: only the 6 h series sees it
    await t.db.systemMetricSample.createMany({ data: rows });
    await t.db.order.createMany({ data: ['FILLED', 'FILLED', 'REJECTED'].map((status, i) => ({ accountId, clientOrderId: `snt-sp${i}-e`, symbol: 'BTC/USDT', side: 'BUY' as const,
      type: 'MARKET' as const, purpose: 'ENTRY' as const, status: status as 'FILLED' | 'REJECTED', quantity: 0.01, venue: 'EXCHANGE' as const, submittedAt: now })) });
  });
  afterAll(async () => { await t.drop(); });

  it('system.get: the worker with its beat and loop lag, each endpoint over the hour, the database, order success', async () => {
    const v = await callerAs(t.db, viewer).system.get();
    expect(v.workers).toEqual([expect.objectContaining({ workerId: 'w-1', liveness: 'alive', beatLagMs: 3, rssBytes: 123_000_000,
      loopLag: expect.objectContaining({ p99Us: 1_500, maxUs: 20_000 }) })]);
    expect(v.workers[0]!.ageMs).toBeGreaterThanOrEqual(1500);
    expect(v.coveredMs).toBeGreaterThanOrEqual(10 * MIN);
    expect(v.coveredMs).toBeLessThanOrEqual(12 * MIN);
    const klines = v.exchange.find((e) => e.endpoint === 'GET /api/v3/klines')!;
    expect(v.exchange.map((e) => e.endpoint)).toEqual(['GET /api/v3/klines', 'POST /api/v3/order']); // busiest first
    expect(klines).toMatchObject({ count: 600, errors: 12, errorRatio: 0.02, p50Us: 20_000, p99Us: 900_000 });
    expect(klines.perMinute).toBeCloseTo(600 / (v.coveredMs / MIN), 9);
    expect(v.orders).toEqual([expect.objectContaining({ purpose: 'ENTRY', count: 2, errors: 1 })]);
    expect(v.db.probe).toMatchObject({ p50Us: 400, p99Us: 1_000 });
    expect(v.db.statementHour).toMatchObject({ count: 5000, p99Us: 3_000 });
    expect(v.orderSuccess.exchange).toEqual({ accepted: 2, refused: 1, ratio: 2 / 3 });
    expect(v.orderSuccess.paper).toEqual({ accepted: 0, refused: 0, ratio: null });
    expect(v.lastWindowAt?.getTime()).toBe(ago(MIN).getTime());
  });

  it('system.series: one point per minute with the worst endpoint\'s p99 and the errors; 6 hours reach the older window', async () => {
    const caller = callerAs(t.db, viewer);
    const hour = await caller.system.series({ hours: 1 });
    expect(hour.points).toHaveLength(10);
    const bad = hour.points.find((p) => p.t === ago(3 * MIN).getTime())!;
    expect(bad).toMatchObject({ exchangeRequests: 60, exchangeErrors: 12, exchangeP99Ms: 900, dbProbeP99Ms: 1, dbStatementP99Ms: 3, loopLagP99Ms: 1.5, loopLagMaxMs: 20 });
    expect(hour.points.find((p) => p.t === ago(2 * MIN).getTime())).toMatchObject({ exchangeRequests: 62, orderSubmits: 2, orderErrors: 1 });
    expect((await caller.system.series({ hours: 6 })).points).toHaveLength(11);
    await expect(caller.system.series({ hours: 5 as 6 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('hours') });
  });

  it('risk.signals: the losing streak from the closed trades, each stored market\'s volatility percentile', async () => {
    const closed = (k: number, pnl: number) => ({ accountId, symbol: 'ETH/USDT', strategy: 's', status: 'CLOSED' as const, quantity: 1, entryPrice: 100, stopPrice: 90,
      initialRisk: 10, openedAt: ago((k + 1) * 3_600_000), closedAt: ago(k * 3_600_000), realizedPnl: pnl });
    await t.db.position.createMany({ data: [closed(5, 20), closed(4, -10), closed(3, -10), closed(2, 0), closed(1, -5)] });
    const candles = (symbol: string, n: number) => Array.from({ length: n }, (_, i) => ({ exchange: 'binance', symbol, timeframe: '1h', openTime: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
      open: 10, high: 10.1, low: 9.9, close: 10, volume: 1 }));
    await t.db.candle.createMany({ data: [...candles('BTC/USDT', 300), ...candles('ETH/USDT', 30)] });
    const s = await callerAs(t.db, viewer).risk.signals();
    expect(s).toMatchObject({ accountId, consecutiveLosses: 1, maxConsecutiveLosses: 3, isStreakCapped: false, isHighVolatilityOpen: false });
    expect(s.markets.map((m) => [m.symbol, m.timeframe, m.candles])).toEqual([['BTC/USDT', '1h', 300], ['ETH/USDT', '1h', 30]]);
    expect(s.markets[0]!.percentile).toBe(1); // flat candles: every value ties at the top
    expect(s.markets[1]!.percentile).toBeNull(); // too short a history to rank
  });
});
