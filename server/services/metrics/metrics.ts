import { timingSafeEqual } from 'node:crypto';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Db } from '@/adapters/db/client';
import { lossFraction } from '@/domain/risk/loss-fraction';
import { gaugeIn } from './gauge';
import { registerPerformanceGauges } from './performance-gauges';
import { registerRiskGauges } from './risk-gauges';
import { registerSystemGauges } from './system-gauges';

/**
 * The Prometheus text the dashboard exports at /api/metrics (issue 9, item 1; every name in
 * docs/monitoring.md): the trading, performance and risk figures of every account, open
 * alerts, the outbox, worker heartbeats, the worker's system metrics and the exchange's
 * connectivity, read from PostgreSQL on each scrape (the one source of truth), plus this
 * web process's own Node metrics.
 */
const TRADING_STATES = ['ACTIVE', 'REDUCED', 'PAUSED', 'HALTED', 'LOCKED'] as const;
const CONNECTIVITY = ['UP', 'DEGRADED', 'LOST'] as const;

let processRegistry: Registry | null = null;
function processMetrics() {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'sentinel_web_' });
  }
  return processRegistry;
}

/** The families read from PostgreSQL: trading, risk, alerts, heartbeats, connectivity (this file) and the ones each module adds. */
function coreGauges(r: Registry) {
  const g = gaugeIn(r);
  return {
    equity: g('sentinel_equity', 'bot equity in the quote currency', ['account']),
    stageCapital: g('sentinel_stage_capital', 'capital of the current stage in the quote currency', ['account']),
    drawdown: g('sentinel_drawdown_fraction', 'drawdown from peak equity (0.1 = 10%)', ['account']),
    dayLoss: g('sentinel_daily_loss_fraction', 'loss since the start of the trading day (0.05 = the halt limit)', ['account']),
    state: g('sentinel_trading_state', '1 for the risk tier the account is in', ['account', 'state']),
    safe: g('sentinel_safe_mode', '1 when safe mode is on', ['account']),
    positions: g('sentinel_open_positions', 'open positions', ['account', 'venue']),
    exposure: g('sentinel_exposure', 'open exposure at entry prices, quote currency', ['account', 'venue']),
    alerts: g('sentinel_alerts_open', 'open alerts', ['severity']),
    deliveries: g('sentinel_alert_deliveries', 'alert deliveries by status', ['status']),
    heartbeat: g('sentinel_worker_heartbeat_age_seconds', 'seconds since the worker last beat', ['worker', 'mode']),
    connectivity: g('sentinel_exchange_connectivity', '1 for the exchange connectivity state (live mode)', ['account', 'state']),
    reconciled: g('sentinel_last_reconcile_age_seconds', 'seconds since the last reconciliation with the exchange (live mode)', ['account']),
  };
}

/** Every metric name /api/metrics exports: docs/grafana/sentinel-dashboard.json may use only these (a unit test checks). */
export function exportedMetricNames(): string[] {
  const r = new Registry();
  coreGauges(r);
  registerSystemGauges(r);
  registerPerformanceGauges(r);
  registerRiskGauges(r);
  return [...r.getMetricsAsArray(), ...processMetrics().getMetricsAsArray()].map((m) => m.name);
}

export async function renderMetrics(db: Db, now: Date): Promise<{ contentType: string; body: string }> {
  const r = new Registry();
  const { equity, stageCapital, drawdown, dayLoss, state, safe, positions, exposure, alerts, deliveries, heartbeat, connectivity, reconciled } = coreGauges(r);
  const fillSystem = registerSystemGauges(r);
  const fillPerformance = registerPerformanceGauges(r);
  const fillRisk = registerRiskGauges(r);

  const accounts = await db.tradingAccount.findMany({ include: { riskState: true, liveSync: true, paperReplay: { select: { marks: true } } } });
  for (const a of accounts) {
    const rs = a.riskState;
    if (rs) {
      const eq = rs.equity.toNumber();
      equity.set({ account: a.name }, eq);
      stageCapital.set({ account: a.name }, rs.stageCapital.toNumber());
      drawdown.set({ account: a.name }, lossFraction(rs.peakEquity.toNumber(), eq));
      dayLoss.set({ account: a.name }, lossFraction(rs.dayStartEquity.toNumber(), eq));
      for (const s of TRADING_STATES) state.set({ account: a.name, state: s }, rs.tradingState === s ? 1 : 0);
      safe.set({ account: a.name }, rs.isSafeMode ? 1 : 0);
    }
    if (a.liveSync) {
      for (const s of CONNECTIVITY) connectivity.set({ account: a.name, state: s }, a.liveSync.connectivity === s ? 1 : 0);
      if (a.liveSync.lastReconcileAt) reconciled.set({ account: a.name }, (now.getTime() - a.liveSync.lastReconcileAt.getTime()) / 1000);
    }
  }
  const open = await db.$queryRaw<{ accountId: string; venue: string; n: bigint; exposure: string }[]>`
    SELECT "accountId", venue::text AS venue, count(*) AS n, COALESCE(sum(quantity * "entryPrice"), 0)::text AS exposure
    FROM "Position" WHERE status IN ('OPEN', 'CLOSING') GROUP BY 1, 2`;
  const nameOf = new Map(accounts.map((a) => [a.id, a.name]));
  for (const o of open) {
    const labels = { account: nameOf.get(o.accountId) ?? o.accountId, venue: o.venue };
    positions.set(labels, Number(o.n));
    exposure.set(labels, Number(o.exposure));
  }
  for (const s of ['CRITICAL', 'WARNING', 'INFO'] as const) alerts.set({ severity: s }, 0);
  for (const x of await db.alert.groupBy({ by: ['severity'], where: { status: 'OPEN' }, _count: { _all: true } })) alerts.set({ severity: x.severity }, x._count._all);
  for (const s of ['PENDING', 'SENT', 'FAILED'] as const) deliveries.set({ status: s }, 0);
  for (const x of await db.alertDelivery.groupBy({ by: ['status'], _count: { _all: true } })) deliveries.set({ status: x.status }, x._count._all);
  for (const w of await db.workerHeartbeat.findMany({ where: { isStopping: false } })) heartbeat.set({ worker: w.workerId, mode: w.mode.toLowerCase() }, (now.getTime() - w.lastBeatAt.getTime()) / 1000);
  await fillSystem(db, now);
  await fillPerformance(db, accounts);
  await fillRisk(db, accounts.map((a) => ({ id: a.id, name: a.name, exchange: a.exchange, equity: a.riskState?.equity.toNumber() ?? null,
    marks: a.liveSync?.marks ?? a.paperReplay?.marks })));

  const merged = Registry.merge([r, processMetrics()]);
  return { contentType: merged.contentType, body: await merged.metrics() };
}

/** `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time. */
export function isMetricsTokenValid(header: string | null, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '');
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}
