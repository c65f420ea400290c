'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Card, ErrorNote, PageHeader, Stat } from '@/components/ui/card';
import { fmtAgo, fmtPct, fmtTime } from '@/components/ui/format';
import { fmtRate, fmtUs, SYSTEM_THRESHOLDS } from './format';
import { LatencyTable } from './latency-table';
import { SystemCharts } from './system-charts';
import { WorkersSection } from './workers-section';
import { ApiUsageCard } from './api-usage-card';

type Success = { accepted: number; refused: number; ratio: number | null };
const successText = (s: Success) => (s.ratio === null ? '—' : fmtPct(s.ratio));
const successSub = (s: Success) => (s.accepted + s.refused === 0 ? 'no order in 24 h' : `${s.accepted} accepted · ${s.refused} refused (24 h)`);

/**
 * System: what the worker measures about itself (docs/monitoring.md): heartbeats and event
 * loop delay, every exchange endpoint over the last hour, database latency, order
 * submissions and their success over 24 hours, and the last hours as charts. The worker
 * writes one window a minute; the same figures are exported at /api/metrics.
 */
export function SystemPage() {
  const trpc = useTRPC();
  const q = useQuery(trpc.system.get.queryOptions(undefined, { refetchInterval: 5000 }));
  const v = q.data;
  const worker = v?.workers[0];
  const requests = v?.exchange.reduce((a, e) => a + e.count, 0) ?? 0;
  const errors = v?.exchange.reduce((a, e) => a + e.errors, 0) ?? 0;
  const minutes = v ? Math.max(1, v.coveredMs / 60_000) : 1;

  return (
    <>
      <PageHeader title="System" subtitle={v?.lastWindowAt ? `Newest one-minute window ${fmtAgo(v.lastWindowAt, v.now)} (${fmtTime(v.lastWindowAt)}); tables cover the last hour.`
        : 'Worker health, exchange and database latency, order success. The worker writes a window each minute.'} />
      <ErrorNote error={q.error} />
      {!v ? <p className="muted">{q.isPending ? 'Loading…' : ''}</p> : (
        <>
          <div className="status-strip" data-testid="system-stats">
            <Stat label="Worker heartbeat" testId="stat-heartbeat" tone={worker?.liveness === 'alive' ? 'ok' : 'bad'}
              value={worker ? worker.liveness.toUpperCase() : 'NONE'} sub={worker ? `last beat ${fmtAgo(worker.lastBeatAt, v.now)}` : 'no worker has reported'} />
            <Stat label="Event loop lag p99" testId="stat-loop-lag" tone={worker?.loopLag && worker.loopLag.p99Us > SYSTEM_THRESHOLDS.loopLagP99Us ? 'warn' : undefined}
              value={fmtUs(worker?.loopLag?.p99Us)} sub={worker?.loopLag ? `max ${fmtUs(worker.loopLag.maxUs)} in the newest minute` : 'after the first minute'} />
            <Stat label="Database SELECT 1" testId="stat-db" tone={v.db.probe && v.db.probe.p99Us > SYSTEM_THRESHOLDS.dbP99Us ? 'warn' : v.db.probe?.errors ? 'bad' : undefined}
              value={fmtUs(v.db.probe?.p50Us)} sub={v.db.probe ? `p99 ${fmtUs(v.db.probe.p99Us)}${v.db.probe.errors ? ` · ${v.db.probe.errors} failed` : ''} · newest minute` : 'after the first minute'} />
            <Stat label="Exchange requests" testId="stat-exchange" tone={requests && errors / requests > SYSTEM_THRESHOLDS.errorRatio ? 'bad' : undefined}
              value={requests ? `${fmtRate(requests / minutes)}/min` : '—'} sub={requests ? `${errors} errors (${fmtPct(errors / requests)}) in the hour` : 'none in the hour (paper replay calls no exchange)'} />
            <Stat label="Orders: exchange" testId="stat-orders-exchange" tone={v.orderSuccess.exchange.ratio !== null && v.orderSuccess.exchange.ratio < SYSTEM_THRESHOLDS.orderSuccess ? 'bad' : undefined}
              value={successText(v.orderSuccess.exchange)} sub={successSub(v.orderSuccess.exchange)} />
            <Stat label="Orders: paper" testId="stat-orders-paper" value={successText(v.orderSuccess.paper)} sub={successSub(v.orderSuccess.paper)} />
          </div>

          <WorkersSection system={v} />

          <ApiUsageCard />

          <div className="grid-2">
            <Card title="Exchange endpoints (last hour)" testId="system-exchange">
              {v.exchange.length === 0 ? <p className="muted">No exchange request in the last hour: paper replay trades without an exchange; live mode and exchange prices show each endpoint here.</p>
                : <LatencyTable head="Endpoint" testId="endpoint" slowUs={SYSTEM_THRESHOLDS.exchangeP99Us} rows={v.exchange.map((e) => ({ key: e.endpoint, ...e }))} />}
            </Card>
            <Card title="Database (last hour)" testId="system-db">
              {!v.db.probeHour && !v.db.statementHour ? <p className="muted">No window yet: the first one closes at the next whole minute.</p> : (
                <LatencyTable head="Query" testId="db" slowUs={SYSTEM_THRESHOLDS.dbP99Us} rows={[
                  ...(v.db.probeHour ? [{ key: 'SELECT 1 (each heartbeat)', ...v.db.probeHour }] : []),
                  ...(v.db.statementHour ? [{ key: 'every statement', ...v.db.statementHour }] : []),
                ]} />
              )}
            </Card>
          </div>

          <Card title="Order submissions (last hour)" testId="system-orders">
            {v.orders.length === 0 ? <p className="muted">No order sent in the last hour.</p>
              : <LatencyTable head="Purpose" testId="order" slowUs={SYSTEM_THRESHOLDS.exchangeP99Us} rows={v.orders.map((o) => ({ key: o.purpose, ...o }))} />}
            <p className="muted small">Exchange orders are timed from the write-ahead row to the recorded answer, retries included; paper fills by the tick that simulated them.</p>
          </Card>
        </>
      )}
      <SystemCharts />
    </>
  );
}
