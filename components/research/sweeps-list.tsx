'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, ErrorNote } from '@/components/ui/card';
import { fmtShortTime } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';
import { SweepProgress } from './sweep-progress';

type Sweep = RouterOutputs['research']['sweeps'][number];

function state(s: Sweep): { label: string; tone: 'ok' | 'warn' | 'info' | 'muted' } {
  if (s.finishedAt) return s.progress.failed ? { label: 'finished with failures', tone: 'warn' } : { label: 'finished', tone: 'ok' };
  return s.progress.running || s.progress.succeeded || s.progress.failed ? { label: 'running', tone: 'info' } : { label: 'queued', tone: 'muted' };
}

/** The sweeps, newest first, with their progress; a name opens the sweep below the list. */
export function SweepsList({ sweeps, selectedId, onSelect }: { sweeps: Sweep[]; selectedId: string | undefined; onSelect: (id: string) => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const cancel = useMutation(trpc.research.cancel.mutationOptions({ onSettled: () => qc.invalidateQueries({ queryKey: trpc.research.pathKey() }) }));
  return (
    <>
      <ErrorNote error={cancel.error} />
      <div className="table-wrap">
        <table className="table table-compact" data-testid="sweeps-table">
          <thead><tr><th>Sweep</th><th>State</th><th>Progress</th><th>Created (UTC)</th><th>Started</th><th>Finished</th><th>Workers</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {sweeps.map((s) => {
              const st = state(s);
              const isSelected = s.id === selectedId;
              return (
                <tr key={s.id} data-testid="sweep-row" data-id={s.id} data-selected={isSelected} className={isSelected ? 'row-selected' : undefined}>
                  <td>
                    <button type="button" className="link-button" onClick={() => onSelect(s.id)} data-testid="sweep-open">{s.name}</button>
                    <div className="small muted" data-testid="sweep-total">{s.totalRuns} runs{s.createdBy ? ` · by ${s.createdBy}` : ''}</div>
                  </td>
                  <td><Badge tone={st.tone} testId="sweep-state">{st.label}</Badge></td>
                  <td className="sweep-progress-cell"><SweepProgress progress={s.progress} total={s.totalRuns} /></td>
                  <td className="nowrap small">{fmtShortTime(s.createdAt)}</td>
                  <td className="nowrap small">{fmtShortTime(s.startedAt)}</td>
                  <td className="nowrap small">{fmtShortTime(s.finishedAt)}</td>
                  <td className="small muted">{s.workers.join(', ') || '—'}</td>
                  <td>
                    {user.can('OPERATOR') && !s.finishedAt && (
                      <button type="button" className="btn btn-small btn-ghost" disabled={cancel.isPending} data-testid="sweep-cancel"
                        onClick={() => { if (window.confirm(`Cancel the queued runs of "${s.name}"? Runs already running finish.`)) cancel.mutate({ id: s.id }); }}>
                        Cancel
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
