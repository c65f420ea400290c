import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raiseAlert } from '@/adapters/repo/alerts';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { isMetricsTokenValid, renderMetrics } from '@/server/services/metrics/metrics';
import { createTestDb, type TestDb } from '../support/test-db';

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

  it('takes only the exact bearer token', () => {
    expect(isMetricsTokenValid('Bearer abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxyz')).toBe(true);
    expect(isMetricsTokenValid('Bearer abcdefghijklmnopqrstuvwxy', 'abcdefghijklmnopqrstuvwxyz')).toBe(false);
    expect(isMetricsTokenValid('abcdefghijklmnopqrstuvwxyz', 'abcdefghijklmnopqrstuvwxyz')).toBe(false);
    expect(isMetricsTokenValid(null, 'abcdefghijklmnopqrstuvwxyz')).toBe(false);
  });
});
