import path from 'node:path';
import ccxt from 'ccxt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '@/adapters/db/client';
import { binanceClient } from '@/adapters/exchange/binance';
import { createLogger } from '@/adapters/logging/logger';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { SystemMetricWindows, type WindowSummary } from '@/domain/metrics/system-metric-windows';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { ExchangeHealth } from '@/worker/live/exchange-health';
import { submitOrder } from '@/worker/live/submit-order';
import { startSystemMetrics } from '@/worker/metrics/system-metrics';
import { startPaperLoop } from '@/worker/paper/paper-loop';
import { createTestDb, type TestDb } from '../support/test-db';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HOUR = 3_600_000;
const btc = marketFromSeries(loadCandlesCsv(path.join(ROOT, 'data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 1, 1) }));
const KEY = { apiKey: 'systemMetricsKey0001', secret: 'system-metrics-secret' };
const log = createLogger('test', 'silent');
const find = (rows: WindowSummary[], name: string, label: string) => rows.find((r) => r.name === name && r.label === label);

/**
 * The worker's system metrics end to end: the hooks in the exchange client, the broker and
 * the paper loop, the database statement timer, the one-minute windows written in one
 * INSERT (and kept when the database refuses them), and the 7-day retention.
 */
describe('system metrics: recording', () => {
  let t: TestDb;
  let accountId: string;
  let emu: ExchangeEmulator;
  beforeAll(async () => {
    t = await createTestDb('system_metrics');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
    emu = new ExchangeEmulator({ markets: [btc], start: Date.UTC(2024, 0, 15), accounts: [{ ...KEY, balances: { USDT: 10_000, BTC: 1 } }] });
    await emu.listen();
  });
  afterAll(async () => { await emu.close(); await t.drop(); });

  it('every request of the attached client is recorded per endpoint; an HTTP error, a 5xx and a refused connection count as errors; connectivity is unchanged', async () => {
    const w = new SystemMetricWindows();
    const health = new ExchangeHealth(t.db, accountId, 'emulator', 30_000, () => Date.now());
    const ex = health.attach(binanceClient(emu.url, KEY), (endpoint, us, isError) => w.record('exchange_request', endpoint, us, isError));
    ex.timeout = 2000;
    await ex.fetchTicker('BTC/USDT');
    await ex.fetchTicker('BTC/USDT');
    await expect(ex.fetchOrder('999999', 'BTC/USDT')).rejects.toBeInstanceOf(ccxt.OrderNotFound); // HTTP 400 {code: -2013}
    emu.faults.set({ faults: [{ kind: 'http5xx', count: 1, routes: ['GET /api/v3/ticker/24hr'] }] });
    await expect(ex.fetchTicker('BTC/USDT')).rejects.toThrow();
    emu.clearFaults();
    // the health saw exactly what it sees without the hook: one failure in a row, degraded, not lost; then back up
    expect(health.state).toMatchObject({ status: 'degraded', failuresInRow: 1 });
    await ex.fetchTicker('BTC/USDT');
    expect(health.state.status).toBe('up');

    const down = new ExchangeHealth(t.db, accountId, 'nowhere', 30_000, () => Date.now());
    const dead = down.attach(binanceClient('http://127.0.0.1:1'), (endpoint, us, isError) => w.record('exchange_request', endpoint, us, isError));
    await expect(dead.fetchTime()).rejects.toBeInstanceOf(ccxt.NetworkError);

    const rows = w.drain();
    expect(find(rows, 'exchange_request', 'GET /api/v3/exchangeInfo')).toMatchObject({ count: 1, errors: 0 });
    expect(find(rows, 'exchange_request', 'GET /api/v3/ticker/24hr')).toMatchObject({ count: 4, errors: 1 });
    expect(find(rows, 'exchange_request', 'GET /api/v3/order')).toMatchObject({ count: 1, errors: 1 });
    expect(find(rows, 'exchange_request', 'GET /api/v3/time')).toMatchObject({ count: 1, errors: 1 });
    for (const r of rows) expect(r.p50Us).toBeGreaterThan(0);
  });

  it('order submissions: placed is a success, a refusal an error, one found already settled is not counted', async () => {
    const w = new SystemMetricWindows();
    const ex = binanceClient(emu.url, KEY);
    await ex.loadMarkets();
    const onSubmitted = (purpose: string, us: number, isError: boolean) => w.record('order_submit', purpose, us, isError);
    const price = Number((emu.engine.lastPrice('BTCUSDT') * 0.8).toFixed(2));
    const req = { accountId, clientOrderId: 'snt-sm1-e', symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price, purpose: 'ENTRY' } as const;
    expect((await submitOrder(t.db, ex, req, { onSubmitted })).outcome).toBe('placed');
    expect((await submitOrder(t.db, ex, req, { onSubmitted })).outcome).toBe('already');
    const tooBig = { ...req, clientOrderId: 'snt-sm2-e', amount: 100 }; // 100 BTC with 10,000 USDT: insufficient funds
    expect((await submitOrder(t.db, ex, tooBig, { onSubmitted })).outcome).toBe('rejected');
    expect(w.drain()).toEqual([expect.objectContaining({ name: 'order_submit', label: 'ENTRY', count: 2, errors: 1 })]);
  });

  it('the statement timer sees every SQL statement, in transactions too, and flags the failed one', async () => {
    const seen: boolean[] = [];
    const timed = createDb(t.url, { max: 1, onStatement: (us, isError) => { expect(us).toBeGreaterThan(0); seen.push(isError); } });
    try {
      await timed.db.$queryRaw`SELECT 1`;
      await timed.db.$transaction(async (tx) => { await tx.tradingAccount.count(); });
      await expect(timed.db.$queryRaw`SELECT 1 / 0`).rejects.toThrow(/division by zero/);
    } finally {
      await timed.close();
    }
    expect(seen.filter((e) => !e).length).toBeGreaterThanOrEqual(3); // the query, and the count inside BEGIN … COMMIT
    expect(seen.filter((e) => e)).toHaveLength(1);
  });

  it('the paper loop reports each simulated fill as an order submission labelled paper', async () => {
    const feedFiles = ['data/binance_BTCUSDT_1h.csv.gz', 'data/binance_ETHUSDT_1h.csv.gz'].map((f) => path.join(ROOT, f));
    const from = Date.UTC(2024, 0, 1);
    const to = Date.UTC(2024, 2, 1);
    const paper = await createTestDb('system_metrics_paper');
    try {
      const id = (await ensureBaseData(paper.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
      const w = new SystemMetricWindows();
      let wall = Date.parse('2026-01-01T00:00:00Z');
      const loop = startPaperLoop(paper.db, log, {
        accountId: id, exchange: 'binance', feed: { files: feedFiles, series: feedFiles.map((f) => loadCandlesCsv(f, { fromMs: from, toMs: to })), timeframeMs: HOUR },
        speed: 3600, start: new Date(from - 1), workerLabel: 'worker:test', maxStepsPerTick: 500, intervalMs: 5, now: () => new Date(wall += 100_000), metrics: w,
        cfg: defaultBacktestConfig({ equity: 500, lockReviewHours: null, strategies: [{ name: 'ema_cross', params: { fast: 10, slow: 30, atrStop: 2, rewardRisk: 2 } }] }),
      });
      await vi.waitFor(async () => expect((await paper.db.paperReplay.findUnique({ where: { accountId: id } }))?.cursorTime?.getTime()).toBeGreaterThanOrEqual(to - 2 * HOUR),
        { timeout: 50_000, interval: 100 });
      await loop.stop();
      const fills = await paper.db.fill.findMany({ where: { accountId: id }, include: { order: { select: { purpose: true } } } });
      const byPurpose = (p: string) => fills.filter((f) => f.order.purpose === p).length;
      const rows = w.drain();
      expect(byPurpose('ENTRY')).toBeGreaterThan(0);
      for (const p of ['ENTRY', 'STOP', 'TARGET', 'EXIT']) expect(find(rows, 'order_submit', `paper ${p}`)?.count ?? 0, p).toBe(byPurpose(p));
    } finally {
      await paper.drop();
    }
  });
});

describe('system metrics: windows written, kept, pruned', () => {
  let t: TestDb;
  beforeAll(async () => { t = await createTestDb('system_metrics_flush'); });
  afterAll(async () => { await t.drop(); });

  it('one row per series and window, a failed write kept for the next window, the partial last window written at stop, 7-day retention', async () => {
    const start = Date.UTC(2026, 10, 25, 12, 0, 30);
    let clock = start;
    // windows of an hour: the timer never fires during the test; the test closes them
    const m = startSystemMetrics(t.db, log, { workerId: 'w-sm', now: () => new Date(clock), probeEveryMs: HOUR, windowMs: HOUR, pruneEveryMs: HOUR });
    await m.probe();
    m.recorder.record('exchange_request', 'GET /api/v3/klines', 12_000, false);
    m.recorder.record('exchange_request', 'GET /api/v3/klines', 80_000, true);
    await new Promise((r) => setTimeout(r, 60)); // a few event-loop delay samples (every 10 ms)
    const first = start + 29_500;
    expect(await m.flush(first)).toBeGreaterThanOrEqual(3);
    const rows = await t.db.systemMetricSample.findMany({ orderBy: [{ name: 'asc' }, { label: 'asc' }] });
    expect(rows.map((r) => [r.name, r.label])).toEqual([['db_query', 'probe'], ['exchange_request', 'GET /api/v3/klines'], ['loop_lag', '']]);
    for (const r of rows) expect(r).toMatchObject({ at: new Date(first), windowMs: 29_500, workerId: 'w-sm' });
    // quantiles within the histogram's 1%, never below the true value; the maximum exact
    expect(rows[1]).toMatchObject({ count: 2, errors: 1, maxUs: 80_000 });
    expect(rows[1]!.p50Us).toBeGreaterThanOrEqual(12_000);
    expect(rows[1]!.p50Us).toBeLessThanOrEqual(12_120);
    expect(rows[1]!.p99Us).toBeGreaterThanOrEqual(79_200);
    expect(rows[2]!.count).toBeGreaterThan(0);

    // the database refuses the next window: it is kept, and written with the one after
    await t.db.$executeRawUnsafe('ALTER TABLE "SystemMetricSample" RENAME TO "SystemMetricSampleAway"');
    m.recorder.record('order_submit', 'ENTRY', 40_000, false);
    expect(await m.flush(first + 60_000)).toBe(0);
    await t.db.$executeRawUnsafe('ALTER TABLE "SystemMetricSampleAway" RENAME TO "SystemMetricSample"');
    m.recorder.record('order_submit', 'EXIT', 30_000, true);
    await m.flush(first + 120_000);
    const orders = await t.db.systemMetricSample.findMany({ where: { name: 'order_submit' }, orderBy: { at: 'asc' } });
    expect(orders.map((r) => [r.label, r.at.getTime(), r.windowMs, r.errors])).toEqual([['ENTRY', first + 60_000, 60_000, 0], ['EXIT', first + 120_000, 60_000, 1]]);

    // retention: older than 7 days goes, the rest stays
    clock = first + 130_000;
    const old = { workerId: 'w-old', name: 'db_query', label: 'probe', windowMs: 60_000, count: 1, errors: 0, p50Us: 1, p99Us: 1, maxUs: 1 };
    await t.db.systemMetricSample.createMany({ data: [{ ...old, at: new Date(clock - 8 * 24 * HOUR) }, { ...old, at: new Date(clock - 6 * 24 * HOUR) }] });
    expect(await m.prune()).toBe(1);
    expect(await t.db.systemMetricSample.count({ where: { workerId: 'w-old' } })).toBe(1);

    m.recorder.record('exchange_request', 'POST /api/v3/order', 9_000, false);
    await m.stop();
    const last = await t.db.systemMetricSample.findFirstOrThrow({ where: { label: 'POST /api/v3/order' } });
    expect(last).toMatchObject({ at: new Date(clock), windowMs: clock - (first + 120_000) });
  });
});
