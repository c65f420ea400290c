'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';

const TONE = { CRITICAL: 'bad', WARNING: 'warn', INFO: 'info' } as const;

export function AlertsList() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const q = useQuery(trpc.alerts.list.queryOptions({ limit: 100 }, { refetchInterval: 2000 }));
  const ack = useMutation(trpc.alerts.acknowledge.mutationOptions({ onSuccess: () => qc.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }) }));
  return (
    <>
      <PageHeader title="Alerts" subtitle="One open alert per condition; acknowledging closes it until it recurs." />
      <ErrorNote error={q.error ?? ack.error} />
      <Card>
        {q.data?.length === 0 && <p className="muted">No alerts yet.</p>}
        {q.data && q.data.length > 0 && (
          <table className="table">
            <thead><tr><th>Severity</th><th>Alert</th><th>Status</th><th>Seen</th><th>Last seen</th><th /></tr></thead>
            <tbody>
              {q.data.map((a) => (
                <tr key={a.id}>
                  <td><Badge tone={TONE[a.severity]}>{a.severity.toLowerCase()}</Badge></td>
                  <td><div className="mono small">{a.code}</div>{a.message}</td>
                  <td>{a.status.toLowerCase()}</td>
                  <td>{a.occurrences}×</td>
                  <td>{fmtTime(a.lastSeenAt)}</td>
                  <td>{a.status === 'OPEN' && user.can('OPERATOR') && (
                    <button type="button" className="btn btn-small" disabled={ack.isPending} onClick={() => ack.mutate({ alertId: a.id })}>Acknowledge</button>
                  )}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
