'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { Card, ErrorNote, Stat } from '@/components/ui/card';
import { fmtShortTime } from '@/components/ui/format';
import { EquityCompare } from './equity-compare';
import { MAX_COMPARED, RunsTable } from './runs-table';
import { sortRuns, type Sort } from './sort-runs';

/** How often an unfinished sweep is re-read: a 1h backtest over a year takes a few seconds. */
export const LIVE_REFETCH_MS = 3000;

const signedPct = (v: number) => `${v > 0 ? '+' : ''}${v.toFixed(2)}%`;

/**
 * One sweep: its progress, every run's metrics (sortable), and the equity curves of the
 * runs ticked for comparison (the best three by return once the sweep has results,
 * until the operator ticks others).
 */
export function SweepDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.research.sweep.queryOptions({ id }, {
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data && query.state.data.finishedAt === null ? LIVE_REFETCH_MS : false),
  }));
  const [sort, setSort] = useState<Sort>({ key: 'totalReturnPct', isDescending: true });
  const [picked, setPicked] = useState<{ sweepId: string; ids: string[] } | null>(null);
  const d = q.data?.id === id ? q.data : undefined;
  if (!d) return <Card title="Sweep"><ErrorNote error={q.error} />{!q.error && <p className="muted">Loading…</p>}</Card>;

  const finished = d.runs.filter((r) => r.metrics);
  const selected = picked?.sweepId === id ? picked.ids : sortRuns(finished, { key: 'totalReturnPct', isDescending: true }).slice(0, 3).map((r) => r.id);
  const toggle = (runId: string) => setPicked({
    sweepId: id,
    ids: selected.includes(runId) ? selected.filter((x) => x !== runId) : [...selected, runId].slice(0, MAX_COMPARED),
  });
  const best = sortRuns(finished, { key: 'totalReturnPct', isDescending: true })[0];
  const p = d.progress;
  const done = p.succeeded + p.failed;

  return (
    <>
      <Card title={`Sweep: ${d.name}`} testId="research-detail">
        <div className="status-strip status-strip-4">
          <Stat label="Progress" value={`${done} / ${d.totalRuns}`} tone={d.finishedAt ? (p.failed ? 'warn' : 'ok') : 'info'} testId="detail-progress"
            sub={d.finishedAt ? `finished ${fmtShortTime(d.finishedAt)} UTC` : `${p.running} running · ${p.queued} queued`} />
          <Stat label="Failed" value={p.failed} tone={p.failed ? 'bad' : undefined} sub={p.failed ? 'the error is on each failed row' : 'none'} />
          <Stat label="Best return" value={best?.metrics ? signedPct(best.metrics.totalReturnPct) : '—'} sub={best ? `${best.strategy} · ${best.symbols.join(',')}` : 'no finished run yet'} />
          <Stat label="Workers" value={d.workers.length || '—'} sub={d.workers.join(', ') || 'not started yet'} />
        </div>
        <RunsTable runs={d.runs} sort={sort} onSort={setSort} selected={selected} onToggle={toggle} />
      </Card>
      <EquityCompare runs={d.runs.filter((r) => selected.includes(r.id))} />
    </>
  );
}
