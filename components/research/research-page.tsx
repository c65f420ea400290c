'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { NewSweepForm } from './new-sweep-form';
import { LIVE_REFETCH_MS, SweepDetail } from './sweep-detail';
import { SweepsList } from './sweeps-list';

/**
 * Research: backtest sweeps. An operator describes a parameter grid (strategies ×
 * parameter values × symbols × periods); each combination becomes a job on the queue
 * that any research worker takes. The list follows their progress live; the selected
 * sweep (in the URL, the newest by default) shows every run's metrics and the equity
 * curves of the runs picked for comparison.
 */
export function ResearchPage() {
  const trpc = useTRPC();
  const user = useUser();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const q = useQuery(trpc.research.sweeps.queryOptions({ limit: 50 }, {
    placeholderData: keepPreviousData,
    // every few seconds while any sweep is unfinished; otherwise only to notice a sweep another operator queued
    refetchInterval: (query) => (query.state.data?.some((s) => s.finishedAt === null) ? LIVE_REFETCH_MS : 15_000),
  }));
  const sweeps = q.data ?? [];
  const selectedId = params.get('sweep') ?? sweeps[0]?.id;
  const select = (id: string) => router.replace(`${pathname}?sweep=${encodeURIComponent(id)}`, { scroll: false });

  return (
    <>
      <PageHeader title="Research" subtitle="Backtest sweeps: a parameter grid queued as one backtest per combination, run by the research workers, compared side by side." />
      {user.can('OPERATOR') && <NewSweepForm onCreated={select} />}
      <Card title="Sweeps" testId="sweeps-list">
        <ErrorNote error={q.error} />
        {q.isPending && <p className="muted">Loading…</p>}
        {q.data && sweeps.length === 0 && (
          <p className="muted">No sweep yet.{user.can('OPERATOR') ? ' Describe one above: its runs appear here as the workers take them.' : ' An operator queues them from this page.'}</p>
        )}
        {sweeps.length > 0 && <SweepsList sweeps={sweeps} selectedId={selectedId} onSelect={select} />}
      </Card>
      {selectedId && <SweepDetail key={selectedId} id={selectedId} />}
    </>
  );
}
