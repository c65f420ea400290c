'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Card, ErrorNote } from '@/components/ui/card';
import { fmtShortTime } from '@/components/ui/format';

const MIN_CHARS = 30;

/**
 * Settings → LLM advisory: whether it is on (LLM_ENABLED, set in the environment) and the
 * written justification the checklist item "LLM advisory checked" needs while it is on.
 * Admins write it (audited); everyone else reads it.
 */
export function LlmAdvisoryAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useUser();
  const q = useQuery(trpc.llm.get.queryOptions());
  const save = useMutation(trpc.llm.setJustification.mutationOptions({ onSuccess: () => { void qc.invalidateQueries({ queryKey: trpc.llm.get.queryKey() }); } }));
  const j = q.data?.justification;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    save.mutate({ justification: String(new FormData(e.currentTarget).get('justification') ?? '').trim() });
  }

  return (
    <Card title="LLM advisory" testId="llm-advisory-admin">
      <p className="muted small">
        The model only advises: a note and a bounded score adjustment on each entry signal, never a size or a limit (docs/llm-advisory.md).
        It is {q.data ? <strong data-testid="llm-enabled">{q.data.isEnabled ? 'on (LLM_ENABLED=true)' : 'off (LLM_ENABLED=false)'}</strong> : '…'}.
        While it is on, the checklist needs a written justification.
      </p>
      <ErrorNote error={q.error ?? save.error} />
      {j ? <p className="small" data-testid="llm-justification">“{j.text}” <span className="muted">— {j.by ?? 'an admin'}, {fmtShortTime(j.at)}</span></p>
        : q.data && <p className="muted small">No justification written.</p>}
      {me.can('ADMIN') && q.data && (
        <form className="form" onSubmit={onSubmit} aria-label="LLM advisory justification">
          <label>Justification (at least {MIN_CHARS} characters: why it is on, which model, who reviews its notes)
            <textarea name="justification" rows={3} minLength={MIN_CHARS} maxLength={2000} required defaultValue={j?.text ?? ''} data-testid="llm-justification-input" />
          </label>
          <div className="confirm-actions">
            <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="llm-justification-save">Save justification</button>
            {save.isSuccess && <span className="muted small">Saved.</span>}
          </div>
        </form>
      )}
    </Card>
  );
}
