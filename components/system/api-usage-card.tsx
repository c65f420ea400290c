'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtEnum } from '@/components/ui/format';
import { fmtRate } from './format';

type Figure = { current: number; baseline: number | null; fireAbove: number | null };

const STATE: Record<string, { tone: 'ok' | 'bad' | 'muted' | 'info'; text: string }> = {
  normal: { tone: 'ok', text: 'normal' },
  anomalous: { tone: 'bad', text: 'anomalous' },
  not_enough_history: { tone: 'info', text: 'not enough history' },
  idle: { tone: 'muted', text: 'idle' },
};

/** "12 / 10.5": the newest minute against the baseline median, red above the rule's line. */
function Versus({ f, testId }: { f: Figure; testId: string }) {
  const isOver = f.fireAbove !== null && f.current > f.fireAbove;
  return (
    <td data-testid={testId} className={isOver ? 'tone-text-bad' : undefined}
      title={f.fireAbove === null ? 'not judged yet' : `alert above ${fmtRate(f.fireAbove)}`}>
      {fmtRate(f.current)} <span className="muted">/ {f.baseline === null ? '—' : fmtRate(f.baseline)}</span>
    </td>
  );
}

/**
 * API usage per key (docs/security.md, "API usage anomaly monitoring"): each live account's
 * newest one-minute window against the median of its baseline, and the rules' verdict.
 */
export function ApiUsageCard() {
  const trpc = useTRPC();
  const q = useQuery(trpc.system.apiUsage.queryOptions(undefined, { refetchInterval: 15_000 }));
  const v = q.data;
  return (
    <Card title="API usage per key (newest minute / baseline median)" testId="system-api-usage">
      <ErrorNote error={q.error} />
      {!v ? <p className="muted">{q.isPending ? 'Loading…' : ''}</p> : v.accounts.length === 0
        ? <p className="muted">No exchange key has made a request in the last {v.baselineMinutes} minutes: the table fills once the worker trades live.</p> : (
          <div className="table-wrap"><table className="table" data-testid="api-usage">
            <thead><tr><th>Account (key)</th><th>Requests/min</th><th>Orders/min</th><th>Auth errors</th><th>Rejected/min</th><th>Errors/min</th><th>State</th></tr></thead>
            <tbody>
              {v.accounts.map((a) => (
                <tr key={a.accountId} data-testid="api-usage-row">
                  <td>{a.name} <span className="mono muted">{a.keyLast4 ? `…${a.keyLast4}` : ''}</span></td>
                  <Versus f={a.requests} testId="api-usage-requests" />
                  <Versus f={a.orders} testId="api-usage-orders" />
                  <td data-testid="api-usage-auth" className={a.authErrors.current > 0 ? 'tone-text-bad' : undefined}>{a.authErrors.current}</td>
                  <Versus f={a.rejected} testId="api-usage-rejected" />
                  <Versus f={a.errors} testId="api-usage-errors" />
                  <td>
                    <Badge tone={STATE[a.state]!.tone} testId="api-usage-state">{STATE[a.state]!.text}</Badge>
                    {a.anomalies.length ? <span className="muted"> {a.anomalies.map(fmtEnum).join(', ')}</span> : null}
                    {a.state === 'not_enough_history' ? <span className="muted"> {a.historyMinutes}/{v.minHistoryMinutes} min</span> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table></div>
        )}
    </Card>
  );
}
