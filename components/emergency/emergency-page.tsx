'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { Card, ErrorNote } from '@/components/ui/card';
import type { RouterOutputs } from '@/components/providers/types';
import type { Runbook } from '@/domain/ops/parse-runbooks';
import { AccountEmergencyCard } from './account-emergency-card';
import { ContactsList } from './contacts-list';
import { Runbooks } from './runbooks';

/**
 * The Emergency page: who to call, each account's emergency state with its controls
 * (extreme market mode, cancel pending orders; the emergency stop is in the top bar), and
 * the runbooks of docs/emergency-procedures.md. Polls every 2 s while the worker has a
 * request to apply, and refetches on the worker's events.
 */
export function EmergencyPage({ runbooks, runbooksError }: { runbooks: Runbook[]; runbooksError: string | null }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.emergency.get.queryOptions(undefined, {
    refetchInterval: (query) => (query.state.data?.accounts.some((a) => isWaiting(a)) ? 2000 : 10_000),
  }));
  return (
    <>
      <ContactsList />
      <ErrorNote error={q.error} />
      {q.data?.accounts.length === 0 && <Card><p className="muted">No trading account yet: start the worker once (npm start) to create the paper account.</p></Card>}
      <div className={(q.data?.accounts.length ?? 0) > 1 ? 'grid-2' : undefined}>
        {q.data?.accounts.map((a) => <AccountEmergencyCard key={a.id} a={a} />)}
      </div>
      <Runbooks runbooks={runbooks} error={runbooksError} />
    </>
  );
}

type Account = RouterOutputs['emergency']['get']['accounts'][number];
const isWaiting = (a: Account) => [a.lastStop, a.lastExtremeRequest, a.lastCancel].some((c) => c?.status === 'PENDING')
  || (a.lastStop?.steps.some((s) => s.status === 'in_progress') ?? false);
