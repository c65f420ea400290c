'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import type { RouterOutputs } from '@/components/providers/types';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtZoned } from '@/domain/ops/describe';
import { OpsTaskRow } from './task-row';

export type Board = RouterOutputs['ops']['list'];
const CADENCES = [['daily', 'Daily'], ['weekly', 'Weekly'], ['monthly', 'Monthly']] as const;

/**
 * Operations: the mission's recurring tasks by cadence, each done, due or overdue for its
 * current period (in the operations time zone), who did it and their note, or the system's
 * evidence for the automatic ones; an operator marks a manual task done with a note.
 */
export function OperationsPage() {
  const trpc = useTRPC();
  const q = useQuery(trpc.ops.list.queryOptions(undefined, { refetchInterval: 10_000 }));
  if (q.isPending) return <PageHeader title="Operations" subtitle="Loading…" />;
  if (q.isError) return <><PageHeader title="Operations" /><ErrorNote error={q.error} /></>;
  const b = q.data;
  const count = (state: string) => b.tasks.filter((t) => t.state === state).length;
  return (
    <>
      <PageHeader title="Operations"
        subtitle={`Periods in ${b.timeZone} · now ${fmtZoned(b.now, b.timeZone)} · daily summary and compliance report at ${String(b.summaryHour).padStart(2, '0')}:00`}>
        <div className="alert-counts" data-testid="ops-counts">
          <Badge tone={count('overdue') ? 'bad' : 'muted'}>{count('overdue')} overdue</Badge>
          <Badge tone={count('due') ? 'info' : 'muted'}>{count('due')} due</Badge>
          <Badge tone="ok">{count('done')} done</Badge>
        </div>
      </PageHeader>
      {CADENCES.map(([cadence, label]) => {
        const tasks = b.tasks.filter((t) => t.cadence === cadence);
        return (
          <Card key={cadence} title={`${label} · ${tasks[0]?.period.label ?? ''}`} testId={`ops-${cadence}`}>
            <ul className="checklist">
              {tasks.map((t) => <OpsTaskRow key={t.key} t={t} timeZone={b.timeZone} />)}
            </ul>
          </Card>
        );
      })}
    </>
  );
}
