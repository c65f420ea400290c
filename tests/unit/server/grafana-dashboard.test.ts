import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportedMetricNames } from '@/server/services/metrics/metrics';

const FILE = path.resolve(import.meta.dirname, '../../../docs/grafana/sentinel-dashboard.json');

interface Panel { type: string; title: string; datasource?: { uid?: string }; targets?: { expr?: string; datasource?: { uid?: string } }[]; panels?: Panel[] }
const flat = (ps: readonly Panel[]): Panel[] => ps.flatMap((p) => [p, ...flat(p.panels ?? [])]);

/**
 * docs/grafana/sentinel-dashboard.json against the exporter: every metric a panel queries
 * is one /api/metrics registers, so a renamed metric fails here rather than as an empty
 * panel in someone's Grafana.
 */
describe('the Grafana dashboard', () => {
  const dash = JSON.parse(fs.readFileSync(FILE, 'utf8')) as { title: string; panels: Panel[]; templating: { list: { name: string; type: string; query: unknown }[] } };
  const panels = flat(dash.panels).filter((p) => p.type !== 'row');
  const exprs = panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, expr: t.expr ?? '' })));
  const names = new Set(exportedMetricNames());
  // a histogram or summary family is queried through its _bucket, _sum and _count series
  const isExported = (m: string) => names.has(m) || names.has(m.replace(/_(bucket|sum|count)$/, ''));

  it('the exporter registers the system, performance and risk families it documents', () => {
    for (const m of ['sentinel_exchange_request_duration_seconds', 'sentinel_exchange_requests_per_minute', 'sentinel_exchange_request_errors_per_minute',
      'sentinel_db_query_duration_seconds', 'sentinel_event_loop_lag_seconds', 'sentinel_order_success_ratio', 'sentinel_worker_heartbeat_age_seconds',
      'sentinel_sharpe_ratio', 'sentinel_max_drawdown_fraction', 'sentinel_win_rate', 'sentinel_average_r', 'sentinel_profit_factor',
      'sentinel_asset_exposure_fraction', 'sentinel_total_exposure_fraction', 'sentinel_daily_loss_fraction', 'sentinel_consecutive_losses',
      'sentinel_volatility_percentile', 'sentinel_safe_mode', 'sentinel_trading_state']) expect(names, m).toContain(m);
  });

  it('queries only metrics /api/metrics exports', () => {
    expect(exprs.length).toBeGreaterThan(20);
    const unknown = exprs.flatMap(({ panel, expr }) => (expr.match(/\bsentinel_[a-z0-9_]+/g) ?? []).filter((m) => !isExported(m)).map((m) => `${panel}: ${m}`));
    expect(unknown).toEqual([]);
  });

  it('every panel and query reads the Prometheus chosen in the datasource variable', () => {
    expect(dash.templating.list.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const p of panels) {
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      for (const t of p.targets ?? []) expect(t.datasource?.uid, p.title).toBe('${datasource}');
    }
  });

  it('covers performance, risk and system: each family the issue names is on a panel', () => {
    const used = new Set(exprs.flatMap(({ expr }) => expr.match(/\bsentinel_[a-z0-9_]+/g) ?? []));
    for (const m of ['sentinel_sharpe_ratio', 'sentinel_max_drawdown_fraction', 'sentinel_win_rate', 'sentinel_average_r', 'sentinel_profit_factor',
      'sentinel_asset_exposure_fraction', 'sentinel_total_exposure_fraction', 'sentinel_daily_loss_fraction', 'sentinel_consecutive_losses', 'sentinel_volatility_percentile',
      'sentinel_safe_mode', 'sentinel_trading_state', 'sentinel_exchange_request_duration_seconds', 'sentinel_exchange_request_errors_per_minute', 'sentinel_order_success_ratio',
      'sentinel_db_query_duration_seconds', 'sentinel_worker_heartbeat_age_seconds', 'sentinel_event_loop_lag_seconds']) expect(used, m).toContain(m);
  });
});
