import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseAlert } from '@/adapters/repo/alerts';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { isMetricsTokenValid, renderMetrics } from '@/server/services/metrics/metrics';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

/** /api/metrics' text from PostgreSQL, in Prometheus' exposition format. */
describe('Prometheus metrics', () => {
  let t: TestDb;
  let accountId: string;
  beforeAll(async () => {
    t = await createTestDb('metrics');
    accountId = (await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id;
  });
  afterAll(async () => { await t.drop(); });

  it('exports equity, risk, positions by venue, open alerts, deliveries, heartbeats and connectivity', async () => {
    await t.db.riskState.update({ where: { accountId }, data: { equity: 450, peakEquity: 500, dayStartEquity: 480, tradingState: 'REDUCED', isSafeMode: true } });
    await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 's', quantity: 0.01, entryPrice: 50_000, stopPrice: 49_000, initialRisk: 10, openedAt: new Date(), venue: 'EXCHANGE' } });
    await raiseAlert(t.db, { severity: 'CRITICAL', code: 'DAILY_LOSS_LIMIT', message: 'halted', accountId }, new Date());
    await t.db.workerHeartbeat.create({ data: { workerId: 'w-1', mode: 'LIVE', version: 't', startedAt: new Date(), lastBeatAt: new Date(Date.now() - 5000), hostname: 'h', pid: 1, details: {} } });
    await t.db.liveSync.create({ data: { accountId, exchangeUrl: 'http://127.0.0.1:1', startCash: 500, stageCapital: 500, connectivity: 'LOST', lastReconcileAt: new Date(Date.now() - 30_000) } });
    const m = await renderMetrics(t.db, new Date());
    expect(m.contentType).toMatch(/^text\/plain/);
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"/.]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(m.body)?.[1]);
    expect(value('sentinel_equity{account="Paper account"}')).toBe(450);
    expect(value('sentinel_drawdown_fraction{account="Paper account"}')).toBeCloseTo(0.1, 9);
    expect(value('sentinel_daily_loss_fraction{account="Paper account"}')).toBeCloseTo(30 / 480, 9);
    expect(value('sentinel_trading_state{account="Paper account",state="REDUCED"}')).toBe(1);
    expect(value('sentinel_trading_state{account="Paper account",state="ACTIVE"}')).toBe(0);
    expect(value('sentinel_safe_mode{account="Paper account"}')).toBe(1);
    expect(value('sentinel_open_positions{account="Paper account",venue="EXCHANGE"}')).toBe(1);
    expect(value('sentinel_exposure{account="Paper account",venue="EXCHANGE"}')).toBe(500);
    expect(value('sentinel_alerts_open{severity="CRITICAL"}')).toBe(1);
    expect(value('sentinel_exchange_connectivity{account="Paper account",state="LOST"}')).toBe(1);
    expect(value('sentinel_last_reconcile_age_seconds{account="Paper account"}')).toBeGreaterThanOrEqual(30);
    expect(value('sentinel_worker_heartbeat_age_seconds{worker="w-1",mode="live"}')).toBeGreaterThanOrEqual(5);
    expect(m.body).toMatch(/^# HELP sentinel_equity bot equity/m);
    expect(m.body).toMatch(/^sentinel_web_process_cpu_user_seconds_total /m);
  });

  it('exports the worker\'s newest system metrics window per series, order success over 24 h, performance over 30 days and the risk signals', async () => {
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const w = (workerId: string, at: Date, name: string, label: string, count: number, errors: number, p50Us: number, p99Us: number, maxUs: number) =>
      ({ workerId, at, windowMs: 60_000, name, label, count, errors, p50Us, p99Us, maxUs });
    await t.db.systemMetricSample.createMany({ data: [
      w('w-1', ago(90_000), 'exchange_request', 'GET /api/v3/klines', 10, 0, 1_000, 2_000, 3_000), // superseded by the newer window
      w('w-1', ago(30_000), 'exchange_request', 'GET /api/v3/klines', 120, 6, 20_000, 250_000, 400_000),
      w('w-1', ago(30_000), 'db_query', 'probe', 30, 0, 300, 900, 1_200),
      w('w-1', ago(30_000), 'order_submit', 'ENTRY', 2, 1, 45_000, 90_000, 90_000),
      w('w-1', ago(30_000), 'loop_lag', '', 6_000, 0, 100, 2_000, 35_000),
      w('w-gone', ago(600_000), 'db_query', 'probe', 30, 0, 300, 900, 1_200), // a worker that stopped writing
    ] });
    const order = (n: number, venue: 'EXCHANGE' | 'PAPER', status: 'FILLED' | 'REJECTED' | 'PENDING_SUBMIT', createdAt = now) =>
      ({ accountId, clientOrderId: `snt-m${n}-e`, symbol: 'BTC/USDT', side: 'BUY' as const, type: 'MARKET' as const, purpose: 'ENTRY' as const, status, quantity: 0.01, venue,
        submittedAt: status === 'PENDING_SUBMIT' ? null : createdAt, createdAt });
    await t.db.order.createMany({ data: [order(1, 'EXCHANGE', 'FILLED'), order(2, 'EXCHANGE', 'FILLED'), order(3, 'EXCHANGE', 'FILLED'), order(4, 'EXCHANGE', 'REJECTED'),
      order(5, 'EXCHANGE', 'PENDING_SUBMIT'), order(6, 'EXCHANGE', 'REJECTED', ago(25 * 3_600_000)), order(7, 'PAPER', 'FILLED'), order(8, 'PAPER', 'FILLED')] });
    // three days of equity and three closed trades, the newest two losers
    const day = 86_400_000;
    await t.db.equitySnapshot.createMany({ data: [1000, 1050, 1020, 990].map((equity, i) => ({ accountId, at: ago((3 - i) * day), equity, cash: equity, exposure: 0, realizedPnl: 0,
      unrealizedPnl: 0, drawdownFraction: 0 })) });
    const closed = (k: number, pnl: number, r: number) => ({ accountId, symbol: 'ETH/USDT', strategy: 's', status: 'CLOSED' as const, quantity: 1, entryPrice: 100, stopPrice: 90,
      initialRisk: 10, openedAt: ago((3 - k) * day + 3_600_000), closedAt: ago((3 - k) * day), realizedPnl: pnl, rMultiple: r });
    await t.db.position.createMany({ data: [closed(0, 50, 2), closed(1, -30, -1), closed(2, -30, -1)] });
    // 300 hourly candles (enough history to rank), the last ones wider: the market's volatility percentile is high
    await t.db.candle.createMany({ data: Array.from({ length: 300 }, (_, i) => ({ exchange: 'binance', symbol: 'BTC/USDT', timeframe: '1h', openTime: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000),
      open: 100, high: 100 + (i < 290 ? 1 : 5), low: 100 - (i < 290 ? 1 : 5), close: 100, volume: 1 })) });

    const { body } = await renderMetrics(t.db, now);
    const value = (line: string) => Number(new RegExp(`^${line.replace(/[{}"/.+]/g, (c) => `\\${c}`)} (\\S+)$`, 'm').exec(body)?.[1]);
    const klines = 'worker="w-1",endpoint="GET /api/v3/klines"';
    expect(value(`sentinel_exchange_request_duration_seconds{${klines},quantile="0.5"}`)).toBeCloseTo(0.02, 9);
    expect(value(`sentinel_exchange_request_duration_seconds{${klines},quantile="0.99"}`)).toBeCloseTo(0.25, 9);
    expect(value(`sentinel_exchange_request_duration_seconds{${klines},quantile="1"}`)).toBeCloseTo(0.4, 9);
    expect(value(`sentinel_exchange_requests_per_minute{${klines}}`)).toBe(120);
    expect(value(`sentinel_exchange_request_errors_per_minute{${klines}}`)).toBe(6);
    expect(value('sentinel_db_query_duration_seconds{worker="w-1",kind="probe",quantile="0.99"}')).toBeCloseTo(0.0009, 9);
    expect(value('sentinel_order_submit_errors_per_minute{worker="w-1",purpose="ENTRY"}')).toBe(1);
    expect(value('sentinel_event_loop_lag_seconds{worker="w-1",quantile="1"}')).toBeCloseTo(0.035, 9);
    expect(value('sentinel_system_metrics_window_age_seconds{worker="w-1"}')).toBeCloseTo(30, 0);
    expect(body).not.toMatch(/worker="w-gone"/);
    expect(value('sentinel_order_success_ratio{venue="exchange"}')).toBe(0.75);
    expect(value('sentinel_order_success_ratio{venue="paper"}')).toBe(1);
    expect(value('sentinel_orders_last_24h{venue="exchange",outcome="refused"}')).toBe(1);

    expect(value('sentinel_closed_trades{account="Paper account"}')).toBe(3);
    expect(value('sentinel_win_rate{account="Paper account"}')).toBeCloseTo(1 / 3, 9);
    expect(value('sentinel_average_r{account="Paper account"}')).toBeCloseTo(0, 9);
    expect(value('sentinel_profit_factor{account="Paper account"}')).toBeCloseTo(50 / 60, 9);
    expect(value('sentinel_max_drawdown_fraction{account="Paper account"}')).toBeCloseTo(60 / 1050, 9);
    expect(value('sentinel_daily_returns{account="Paper account"}')).toBe(3);
    expect(Number.isFinite(value('sentinel_sharpe_ratio{account="Paper account"}'))).toBe(true);
    expect(value('sentinel_consecutive_losses{account="Paper account"}')).toBe(2);
    // the open 0.01 BTC at 50,000 (no marks yet: entry price) against equity 450
    expect(value('sentinel_asset_exposure_fraction{account="Paper account",asset="BTC"}')).toBeCloseTo(500 / 450, 9);
    expect(value('sentinel_total_exposure_fraction{account="Paper account"}')).toBeCloseTo(500 / 450, 9);
    expect(value('sentinel_volatility_percentile{exchange="binance",symbol="BTC/USDT",timeframe="1h"}')).toBe(1);

    // the exported performance is the Performance page's default period, figure for figure
    const page = await callerAs(t.db, (await seedUsers(t.db)).VIEWER).performance.get({ period: '30d' });
    expect(page.metrics.trades).toBe(3);
    expect(value('sentinel_sharpe_ratio{account="Paper account"}')).toBeCloseTo(page.metrics.sharpe, 9);
    expect(value('sentinel_max_drawdown_fraction{account="Paper account"}')).toBeCloseTo(page.metrics.maxDrawdown, 9);
    expect(value('sentinel_profit_factor{account="Paper account"}')).toBeCloseTo(page.metrics.profitFactor!, 9);
    expect(value('sentinel_daily_returns{account="Paper account"}')).toBe(page.metrics.dailyReturns);
  });

  it('takes only the exact bearer token', () => {
    expect(isMetricsTokenValid('Bearer abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxyz')).toBe(true);
    expect(isMetricsTokenValid('Bearer abcdefghijklmnopqrstuvwxy', 'abcdefghijklmnopqrstuvwxyz')).toBe(false);
    expect(isMetricsTokenValid('abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxyz')).toBe(false);
    expect(isMetricsTokenValid(null, 'abcdefghijklmnopqrstuvwxyz')).toBe(false);
  });
});
