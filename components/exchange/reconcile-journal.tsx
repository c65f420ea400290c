'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtEnum, fmtShortTime } from '@/components/ui/format';
import { Pager, useKeysetPages } from '@/components/ui/pager';

const SEVERITY_TONE = { CRITICAL: 'bad', WARNING: 'warn', INFO: 'info' } as const;

/**
 * Reconciliation's corrections and the exchange alerts, newest first, paged on the server by
 * keyset. Page 1 follows the live events and its poll; older pages stay put.
 */
export function ReconcileJournal() {
  const trpc = useTRPC();
  const pages = useKeysetPages();
  const q = useQuery(trpc.exchange.journal.queryOptions({ cursor: pages.cursor, limit: 50 }, {
    placeholderData: keepPreviousData, refetchInterval: pages.cursor === null ? 2000 : false,
  }));
  return (
    <Card title="Reconciliation journal" testId="reconcile-journal">
      <ErrorNote error={q.error} />
      {q.isPending ? <p className="muted">Loading…</p> : q.data && q.data.rows.length === 0 ? (
        <p className="muted" data-testid="reconcile-journal-empty">Nothing yet: corrections from the exchange&apos;s reports and the exchange alerts appear here.</p>
      ) : q.data && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Time (UTC)</th><th>What happened</th></tr></thead>
            <tbody>
              {q.data.rows.map((r) => (
                <tr key={r.key} data-testid="reconcile-row" data-source={r.source}>
                  <td className="nowrap">
                    <div>{fmtShortTime(r.at)}</div>
                    {r.alert ? <Badge tone={SEVERITY_TONE[r.alert.severity]}>{r.alert.severity.toLowerCase()} alert</Badge> : <Badge tone="muted">correction</Badge>}
                  </td>
                  <td className="reconcile-message">
                    {(r.alert?.code ?? r.symbol) && <div className="mono small muted">{r.alert?.code ?? r.symbol}</div>}
                    {r.message}
                    {r.alert && (
                      <div className="muted small">
                        {fmtEnum(r.alert.status)}{r.alert.occurrences > 1 ? ` · ${r.alert.occurrences}× since ${fmtShortTime(r.alert.firstSeenAt)}` : ''}
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager pages={pages} nextCursor={q.data?.nextCursor} testId="reconcile-journal" />
    </Card>
  );
}
