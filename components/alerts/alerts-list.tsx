'use client';

import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';
import { DeliveryBadge } from './delivery-badge';

const TONE = { CRITICAL: 'bad', WARNING: 'warn', INFO: 'info' } as const;
type Severity = keyof typeof TONE;
type Status = 'OPEN' | 'ACKNOWLEDGED' | 'RESOLVED';

/** Alerts: newest first, filtered by severity and status, each with its deliveries per channel; an operator acknowledges an open one (who and when are kept). */
export function AlertsList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const [severity, setSeverity] = useState<Severity | ''>('');
  const [status, setStatus] = useState<Status | ''>('');
  const q = useQuery(trpc.alerts.list.queryOptions({ limit: 100, severity: severity || undefined, status: status || undefined }, { refetchInterval: 2000, placeholderData: keepPreviousData }));
  const ack = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSuccess: () => { void qc.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }); void qc.invalidateQueries({ queryKey: trpc.alerts.critical.queryKey() }); } }));
  return (
    <>
      <PageHeader title="Alerts" subtitle="One open alert per condition; acknowledging closes it until it recurs." />
      <ErrorNote error={q.error ?? ack.error} />
      <Card>
        <form className="filters" aria-label="Alert filters" onSubmit={(e) => e.preventDefault()}>
          <label>Severity
            <select value={severity} onChange={(e) => setSeverity(e.target.value as Severity | '')} data-testid="alerts-severity">
              <option value="">all</option><option value="CRITICAL">critical</option><option value="WARNING">warning</option><option value="INFO">info</option>
            </select>
          </label>
          <label>Status
            <select value={status} onChange={(e) => setStatus(e.target.value as Status | '')} data-testid="alerts-status">
              <option value="">all</option><option value="OPEN">open</option><option value="ACKNOWLEDGED">acknowledged</option><option value="RESOLVED">resolved</option>
            </select>
          </label>
        </form>
        {q.data?.length === 0 && <p className="muted">{severity || status ? 'No alert matches these filters.' : 'No alerts yet.'}</p>}
        {q.data && q.data.length > 0 && (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Severity</th><th>Alert</th><th>Status</th><th>Sent to</th><th>Seen</th><th>Last seen (UTC)</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {q.data.map((a) => (
                  <tr key={a.id} data-testid="alert-row" data-severity={a.severity}>
                    <td><Badge tone={TONE[a.severity]}>{a.severity.toLowerCase()}</Badge></td>
                    <td><div className="mono small">{a.code}</div>{a.message}</td>
                    <td>{a.status.toLowerCase()}{a.acknowledgedAt ? <div className="muted small">by {a.acknowledgedBy ?? 'unknown'}, {fmtTime(a.acknowledgedAt)}</div> : null}</td>
                    <td data-testid="alert-deliveries">{a.deliveries.length === 0 ? <span className="muted small">—</span>
                      : a.deliveries.map((d) => <div key={d.channel}><DeliveryBadge d={d} label={d.channel} /></div>)}</td>
                    <td>{a.occurrences}×</td>
                    <td className="nowrap">{fmtTime(a.lastSeenAt)}</td>
                    <td>{a.status === 'OPEN' && user.can('OPERATOR') && (
                      <button type="button" className="btn btn-small" disabled={ack.isPending} onClick={() => ack.mutate({ alertId: a.id })}>Acknowledge</button>
                    )}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
