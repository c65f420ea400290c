import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binanceClient } from '@/adapters/exchange/binance';
import { createLogger } from '@/adapters/logging/logger';
import { evaluateApiAnomalies } from '@/adapters/repo/api-usage';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { SystemMetricWindows } from '@/domain/metrics/system-metric-windows';
import { DEFAULT_API_ANOMALY_CONFIG as CFG } from '@/domain/security/api-anomaly';
import { readApiUsageView } from '@/server/services/system/api-usage-view';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { ExchangeHealth } from '@/worker/live/exchange-health';
import { accountMetricHooks } from '@/worker/live/live-loop';
import { LiveRunner } from '@/worker/live/live-runner';
import { startSystemMetrics } from '@/worker/metrics/system-metrics';
import { createTestDb, type TestDb } from '../support/test-db';
import { emulatorMarkets } from '../support/live-fixture';

const MIN = 60_000;
const log = createLogger('test', 'silent');
/** a whole minute well in the past, so the windows' `at` never collide with a real flush */
const T0 = Date.UTC(2025, 0, 10, 12, 0);

/** One minute of an account's exchange traffic as the worker writes it (one row per name and label). */
function minuteRows(accountId: string, at: number, m: { requests: number; orders?: number; rejected?: number; authErrors?: number; errors?: number }) {
  const row = (name: string, label: string, count: number, errors: number) => ({ at: new Date(at), windowMs: MIN, workerId: 'w-anomaly', accountId, name, label, count, errors, p50Us: 20_000, p99Us: 90_000, maxUs: 120_000 });
  const rows = [row('exchange_request', 'GET /api/v3/ticker/24hr', m.requests, (m.errors ?? 0) + (m.authErrors ?? 0))];
  if (m.authErrors) rows.push(row('exchange_auth_error', 'GET /api/v3/account', m.authErrors, m.authErrors));
  if (m.orders) rows.push(row('order_submit', 'ENTRY', m.orders, m.rejected ?? 0));
  if (m.rejected) rows.push(row('order_rejected', 'ENTRY', m.rejected, m.rejected));
  return rows;
}

describe('API usage anomaly monitoring', () => {
  let t: TestDb;
  let accountId: string;
  beforeAll(async () => {
    t = await createTestDb('api_anomaly');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
  });
  afterAll(async () => { await t.drop(); });

  it('an order burst over an hour of baseline raises a critical alert with its evidence, and clears when orders are back to normal', async () => {
    // an hour of steady traffic: ~60 requests a minute, an order every 15 minutes
    const baseline = Array.from({ length: 60 }, (_, i) => minuteRows(accountId, T0 + (i + 1) * MIN, { requests: 55 + (i % 11), orders: i % 15 === 0 ? 1 : 0 })).flat();
    await t.db.systemMetricSample.createMany({ data: baseline });
    const quietAt = T0 + 60 * MIN;
    expect((await evaluateApiAnomalies(t.db, [accountId], new Date(quietAt), CFG)).get(accountId)!.state).toBe('normal');
    expect(await t.db.alert.count({ where: { code: { startsWith: 'API_ANOMALY_' } } })).toBe(0);

    const burstAt = T0 + 61 * MIN;
    await t.db.systemMetricSample.createMany({ data: minuteRows(accountId, burstAt, { requests: 70, orders: 40 }) });
    await evaluateApiAnomalies(t.db, [accountId], new Date(burstAt), CFG);
    const alert = await t.db.alert.findFirstOrThrow({ where: { code: 'API_ANOMALY_ORDER_BURST', accountId, status: 'OPEN' } });
    expect(alert.severity).toBe('CRITICAL');
    expect(alert.message).toMatch(/40\.0 orders placed\/min against a baseline median of 0\.0/);
    expect(alert.evidence).toMatchObject({ kind: 'ORDER_BURST', current: 40, historyWindows: 60, windowAt: new Date(burstAt).toISOString(), baseline: { median: 0 } });
    // requests stayed normal: nothing else fired
    expect(await t.db.alert.count({ where: { code: { startsWith: 'API_ANOMALY_' }, status: 'OPEN' } })).toBe(1);

    // the System page's table shows it
    const view = await readApiUsageView(t.db, new Date(burstAt), CFG);
    expect(view.accounts).toEqual([expect.objectContaining({ accountId, state: 'anomalous', anomalies: ['ORDER_BURST'], orders: expect.objectContaining({ current: 40, baseline: 0 }) })]);

    // a second burst minute: the same alert, counted again (deduplicated)
    await t.db.systemMetricSample.createMany({ data: minuteRows(accountId, burstAt + MIN, { requests: 70, orders: 45 }) });
    await evaluateApiAnomalies(t.db, [accountId], new Date(burstAt + MIN), CFG);
    expect(await t.db.alert.findMany({ where: { code: 'API_ANOMALY_ORDER_BURST' } })).toEqual([expect.objectContaining({ status: 'OPEN', occurrences: 2 })]);

    // back to normal: resolved
    await t.db.systemMetricSample.createMany({ data: minuteRows(accountId, burstAt + 2 * MIN, { requests: 60 }) });
    await evaluateApiAnomalies(t.db, [accountId], new Date(burstAt + 2 * MIN), CFG);
    expect(await t.db.alert.findFirstOrThrow({ where: { id: alert.id } })).toMatchObject({ status: 'RESOLVED', openDedupKey: null });
    expect((await readApiUsageView(t.db, new Date(burstAt + 2 * MIN), CFG)).accounts[0]).toMatchObject({ state: 'normal', anomalies: [] });
  });

  it('a bad key through the real live runner: the emulator refuses it, the worker\'s windows count auth errors, and the rule flags them', async () => {
    await t.db.alert.deleteMany({ where: { code: { startsWith: 'API_ANOMALY_' } } });
    const KEY = { apiKey: 'anomalyKey000001', secret: 'the-right-secret' };
    const emu = new ExchangeEmulator({ markets: emulatorMarkets(['BTCUSDT']), start: Date.UTC(2024, 2, 1), accounts: [{ ...KEY, balances: { USDT: 500 } }], weightPerMinute: 1e9 });
    const url = await emu.listen();
    try {
      const recorder = new SystemMetricWindows();
      const health = new ExchangeHealth(t.db, accountId, 'binance', 30_000, Date.now);
      // a wrong secret: every signed request fails its signature (-1022)
      const ex = health.attach(binanceClient(url, { apiKey: KEY.apiKey, secret: 'a-wrong-secret' }), accountMetricHooks(recorder, accountId).onRequest);
      ex.timeout = 2000;
      const opts = { accountId, exchange: 'binance', exchangeUrl: url, symbols: ['BTC/USDT'], timeframe: '1h', cfg: defaultBacktestConfig({ timeZone: 'UTC' }),
        workerLabel: 'test', reconcileEveryMs: 0, now: () => new Date(), submit: { baseDelayMs: 10, maxDelayMs: 50 } };
      // three live passes as the loop makes them: open, then a tick; every signed request (balances, orders, reconciliation)
      // is refused, whether the runner reports it as a failed pass or carries on without the answer
      for (let i = 0; i < 3; i++) await LiveRunner.open(t.db, ex, health, log, opts).then((r) => r.tick()).catch(() => undefined);

      // the worker's window is written, then judged (no history at all: auth errors need none)
      const clock = { ms: Date.now() };
      const m = startSystemMetrics(t.db, log, { workerId: 'w-bad-key', now: () => new Date(clock.ms), recorder, probeEveryMs: 3_600_000, pruneEveryMs: 3_600_000,
        onWritten: async (at, ids) => { await evaluateApiAnomalies(t.db, ids, at, CFG); } });
      clock.ms += MIN;
      await m.flush(clock.ms);
      await m.stop();
      const auth = await t.db.systemMetricSample.findMany({ where: { workerId: 'w-bad-key', name: 'exchange_auth_error' } });
      expect(auth.length).toBeGreaterThan(0);
      expect(auth.every((r) => r.accountId === accountId)).toBe(true);
      expect(auth.reduce((a, r) => a + r.count, 0)).toBeGreaterThanOrEqual(3);
      expect(auth.map((r) => r.label)).toContain('GET /api/v3/openOrders'); // the runner's first signed read of its books
      // public market data went through with the same key: those requests are no auth errors
      const requests = await t.db.systemMetricSample.findMany({ where: { workerId: 'w-bad-key', name: 'exchange_request', accountId } });
      expect(requests.reduce((a, r) => a + r.count, 0)).toBeGreaterThan(auth.reduce((a, r) => a + r.count, 0));
      const alert = await t.db.alert.findFirstOrThrow({ where: { code: 'API_ANOMALY_AUTH_ERRORS', accountId, status: 'OPEN' } });
      expect(alert.severity).toBe('CRITICAL');
      expect(alert.message).toMatch(/authentication errors in one minute: the exchange is refusing the API key/);
    } finally {
      await emu.close();
    }
  }, 60_000);
});
