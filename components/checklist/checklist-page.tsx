'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useUser } from '@/components/layout/user-context';
import { useTRPC } from '@/components/providers/trpc';
import type { RouterOutputs } from '@/components/providers/types';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';

type Item = RouterOutputs['checklist']['get']['items'][number];
const STATUS = {
  verified: { tone: 'ok', text: 'verified' }, failed: { tone: 'bad', text: 'check failed' }, not_verifiable: { tone: 'warn', text: 'not verifiable yet' },
  ticked: { tone: 'ok', text: 'ticked' }, unticked: { tone: 'muted', text: 'to do' },
} as const;
const STAGE_NAMES: Record<number, string> = { 2: 'small live', 3: 'medium live', 4: 'full production' };

/**
 * The pre-deployment checklist: what the system verifies itself (with its evidence and
 * when), what a person ticks (who and when; untick is kept in the audit log), and what
 * cannot be verified yet — amber, never green, and it blocks the stage that needs it.
 */
export function ChecklistPage() {
  const trpc = useTRPC();
  const q = useQuery(trpc.checklist.get.queryOptions(undefined, { refetchInterval: 5000 }));
  if (q.isPending) return <PageHeader title="Checklist" subtitle="Loading…" />;
  if (q.isError) return <><PageHeader title="Checklist" /><ErrorNote error={q.error} /></>;
  const c = q.data;
  const categories = [...new Set(c.items.map((i) => i.category))];
  const done = c.items.filter((i) => i.status === 'verified' || i.status === 'ticked').length;
  return (
    <>
      <PageHeader title="Pre-deployment checklist"
        subtitle={`${done} of ${c.items.length} items done · current stage ${c.currentStage.ordinal} (${c.currentStage.name})${c.nextStage ? ` · promotion to ${c.nextStage.name} needs every item marked for it` : ''}`} />
      {categories.map((cat) => (
        <Card key={cat} title={cat} testId={`checklist-${cat.toLowerCase().replace(/\s+/g, '-')}`}>
          <ul className="checklist">
            {c.items.filter((i) => i.category === cat).map((i) => <ChecklistRow key={i.key} i={i} accountId={c.accountId} />)}
          </ul>
        </Card>
      ))}
    </>
  );
}

function ChecklistRow({ i, accountId }: { i: Item; accountId: string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const [note, setNote] = useState('');
  const m = useMutation(trpc.checklist.setTick.mutationOptions({
    onSuccess: () => { setNote(''); void qc.invalidateQueries({ queryKey: trpc.checklist.get.queryKey() }); void qc.invalidateQueries({ queryKey: trpc.stages.get.queryKey() }); },
  }));
  const st = STATUS[i.status];
  return (
    <li className="checklist-item" data-testid="checklist-item" data-key={i.key} data-status={i.status}>
      <div className="checklist-head">
        <div>
          <strong>{i.title}</strong> <Badge tone={st.tone} testId="checklist-status">{st.text}</Badge>
          <span className="muted small"> · {i.isAutomatic ? 'checked by the system' : 'ticked by an operator'} · needed for {STAGE_NAMES[i.requiredFor] ?? `stage ${i.requiredFor}`}</span>
          <div className="muted small">{i.description}</div>
        </div>
        {!i.isAutomatic && user.can('OPERATOR') && (
          <div className="row-actions">
            {i.status === 'unticked' && (
              <input className="input-note" placeholder="note (optional)" value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} aria-label={`Note for ${i.title}`} />
            )}
            <button type="button" className={`btn btn-small ${i.status === 'ticked' ? 'btn-ghost' : 'btn-primary'}`} data-testid="checklist-toggle" disabled={m.isPending}
              onClick={() => m.mutate({ accountId, key: i.key as never, isTicked: i.status !== 'ticked', note: note.trim() || undefined })}>
              {i.status === 'ticked' ? 'Untick' : 'Tick'}
            </button>
          </div>
        )}
      </div>
      {i.isAutomatic && i.evidence && <div className="evidence small" data-testid="checklist-evidence">{i.evidence}{i.checkedAt ? <span className="muted"> · checked {fmtTime(i.checkedAt)}</span> : null}</div>}
      {i.status === 'ticked' && <div className="evidence small">Ticked by {i.tickedBy} on {fmtTime(i.tickedAt)}{i.note ? ` — “${i.note}”` : ''}</div>}
      <ErrorNote error={m.error} />
    </li>
  );
}
