'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { ConnectivityCard } from './connectivity-card';
import { ReconcileJournal } from './reconcile-journal';
import { ReconcileSummary } from './reconcile-summary';

/**
 * Exchange: the connectivity live trading reports, the last reconciliation's findings, and
 * the journal of what reconciliation corrected and the exchange alerts. In paper mode the
 * account has no exchange: the page says so.
 */
export function ExchangePage() {
  const trpc = useTRPC();
  const q = useQuery(trpc.exchange.get.queryOptions(undefined, { refetchInterval: 2000 }));
  return (
    <>
      <PageHeader title="Exchange" subtitle="Connectivity with the exchange, and what reconciliation with its reports found and corrected." />
      <ErrorNote error={q.error} />
      {q.isPending ? <p className="muted">Loading…</p> : q.data ? (
        <div className="grid-2">
          <ConnectivityCard x={q.data} />
          <ReconcileSummary x={q.data} />
        </div>
      ) : !q.isError && (
        <Card title="Paper trading" testId="exchange-paper">
          <p>This account trades on replayed prices: there is no exchange connection to watch and nothing to reconcile.</p>
          <p className="muted">Connectivity and reconciliation appear here once the worker trades the account live (<code>TRADING_MODE=live</code> with an active, verified key).</p>
        </Card>
      )}
      <ReconcileJournal />
    </>
  );
}
