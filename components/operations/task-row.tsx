'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useUser } from '@/components/layout/user-context';
import { useTRPC } from '@/components/providers/trpc';
import { Badge, ErrorNote } from '@/components/ui/card';
import { fmtZoned } from '@/domain/ops/describe';
import type { OpsTaskKey } from '@/domain/ops/tasks';
import type { Board } from './operations-page';

type Task = Board['tasks'][number];
type Run = NonNullable<Task['run']>;
const STATE = { done: { tone: 'ok', text: 'done' }, due: { tone: 'info', text: 'due' }, overdue: { tone: 'bad', text: 'overdue' } } as const;
const MIN_NOTE = 5;

/** "due by the end of 2026-W48" when the period's end is the deadline, else the time (automatic daily tasks). */
function dueText(t: Task, timeZone: string): string {
  return t.dueAt.getTime() === t.period.end.getTime() ? `due by the end of ${t.period.label}` : `due by ${fmtZoned(t.dueAt, timeZone)}`;
}

/** Who did a run and when, with the note (a person) or the evidence (the system). */
function RunFacts({ r, timeZone, testId }: { r: Run; timeZone: string; testId?: string }) {
  return (
    <div className="evidence small" data-testid={testId}>
      {r.isAutomatic ? 'Done by the system' : `Done by ${r.actor}`} on {fmtZoned(r.doneAt, timeZone)} ({r.periodLabel}){r.note ? <> — “{r.note}”</> : null}
      {r.evidence.map((line, i) => <div key={i} className="muted">{line}</div>)}
      {r.reportIds.length > 0 && (
        <div>{r.reportIds.map((id, i) => <Link key={id} className="link" href={`/reports?id=${id}`}>{r.reportIds.length > 1 ? `report ${i + 1}` : 'open the report'}{i < r.reportIds.length - 1 ? ' · ' : ''}</Link>)}</div>
      )}
    </div>
  );
}

function TickForm({ t }: { t: Task }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [note, setNote] = useState('');
  const m = useMutation(trpc.ops.tick.mutationOptions({
    onSuccess: () => { setNote(''); void qc.invalidateQueries({ queryKey: trpc.ops.list.queryKey() }); void qc.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }); },
  }));
  const isShort = note.trim().length < MIN_NOTE;
  return (
    <div>
      <form className="row-actions" onSubmit={(e) => { e.preventDefault(); if (!isShort) m.mutate({ key: t.key as OpsTaskKey, note: note.trim() }); }}>
        <input className="input-note ops-note" placeholder="what you checked (required)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={1000}
          aria-label={`Note for ${t.title}`} data-testid="ops-note" />
        <button type="submit" className="btn btn-small btn-primary" disabled={isShort || m.isPending} data-testid="ops-tick"
          title={isShort ? `Write a note of at least ${MIN_NOTE} characters` : undefined}>Mark done</button>
      </form>
      <ErrorNote error={m.error} />
    </div>
  );
}

export function OpsTaskRow({ t, timeZone }: { t: Task; timeZone: string }) {
  const user = useUser();
  const st = STATE[t.state];
  return (
    <li className="checklist-item" data-testid="ops-task" data-key={t.key} data-state={t.state}>
      <div className="ops-head">
        <div>
          <strong>{t.title}</strong> <Badge tone={st.tone} testId="ops-state">{st.text}</Badge>
          <span className="muted small"> · {t.isAutomatic ? 'automatic, ticked by the system' : 'ticked by an operator'} · {dueText(t, timeZone)}</span>
          <div className="muted small">{t.description}</div>
        </div>
        {!t.isAutomatic && t.state !== 'done' && user.can('OPERATOR') && <TickForm t={t} />}
      </div>
      {t.overdueText && <div className="evidence small tone-text-bad" data-testid="ops-overdue">Overdue: {t.overdueText}</div>}
      {t.run && <RunFacts r={t.run} timeZone={timeZone} testId="ops-run" />}
      {t.history.length > 0 && (
        <details className="small">
          <summary className="muted">Earlier runs ({t.history.length})</summary>
          {t.history.map((r) => <RunFacts key={r.id} r={r} timeZone={timeZone} />)}
        </details>
      )}
    </li>
  );
}
