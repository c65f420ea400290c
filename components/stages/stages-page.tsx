'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { useUser } from '@/components/layout/user-context';
import { useTRPC } from '@/components/providers/trpc';
import type { RouterOutputs } from '@/components/providers/types';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtMoney, fmtPct, fmtTime } from '@/components/ui/format';

type Stages = RouterOutputs['stages']['get'];
export const CRITERION_BADGE = {
  met: { tone: 'ok', text: 'met' }, not_met: { tone: 'bad', text: 'not met' },
  insufficient: { tone: 'warn', text: 'not enough data' }, not_verifiable: { tone: 'warn', text: 'not verifiable yet' },
} as const;
const STEP_TEXT = { cancel_orders: 'Cancel pending orders', close_positions: 'Close positions', reduce_allocation: 'Reduce allocation to the previous stage' } as const;

/**
 * Stages: where the account is on paper → small live → medium live → full, what the next
 * promotion needs (each criterion measured, with its sample and a link to its rows), the
 * promotion itself behind the gate, and a rollback an operator can always start.
 */
export function StagesPage() {
  const trpc = useTRPC();
  const q = useQuery(trpc.stages.get.queryOptions(undefined, { refetchInterval: 2000 }));
  if (q.isPending) return <PageHeader title="Stages" subtitle="Loading…" />;
  if (q.isError) return <><PageHeader title="Stages" /><ErrorNote error={q.error} /></>;
  const s = q.data;
  const cur = s.account.quoteCurrency;
  return (
    <>
      <PageHeader title="Stages" subtitle={`${s.account.name} · account equity ${fmtMoney(s.account.accountEquity, cur)} · TRADING_MODE=${s.tradingMode}`} />
      <ol className="stage-ladder" aria-label="Capital stages" data-testid="stage-ladder">
        {s.stages.map((x) => (
          <li key={x.id} className={`stage-step ${x.isCurrent ? 'stage-current' : ''}`} aria-current={x.isCurrent ? 'step' : undefined} data-testid={`stage-${x.ordinal}`}>
            <div className="stage-ordinal">Stage {x.ordinal}{x.isCurrent ? ' · current' : ''}</div>
            <div className="stage-name">{x.name}</div>
            <div className="muted small">{x.mode.toLowerCase()} · {fmtPct(x.allocationFraction, 0)}{x.effectiveAllocation < x.allocationFraction ? ` (capped at ${fmtPct(x.effectiveAllocation, 0)})` : ''} · {fmtMoney(x.capital, cur)}</div>
          </li>
        ))}
      </ol>

      <Card title={s.next ? `To promote to stage ${s.next.ordinal} (${s.next.name})` : 'Promotion'} testId="criteria">
        {s.criteria.length === 0 ? <p className="muted">{s.current.name} is the last stage.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Criterion</th><th>Status</th><th>Measured</th><th>Needs</th><th>Sample</th><th>Evidence</th></tr></thead>
              <tbody>
                {s.criteria.map((c) => (
                  <tr key={c.key} data-testid="criterion-row" data-status={c.status}>
                    <td>{c.label}</td>
                    <td><Badge tone={CRITERION_BADGE[c.status].tone}>{CRITERION_BADGE[c.status].text}</Badge></td>
                    <td className="mono">{c.value ?? '—'}</td>
                    <td className="mono">{c.threshold}</td>
                    <td className="small">{c.sample}</td>
                    <td><Link className="link" href={c.source.href}>{c.source.label}</Link></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <p className="small" data-testid="checklist-summary">
          Pre-deployment checklist: <strong>{s.checklist.complete} of {s.checklist.required}</strong> items {s.next ? `needed for ${s.next.name}` : ''} complete · <Link className="link" href="/checklist">open the checklist</Link>
        </p>
        <PromoteControl s={s} />
      </Card>

      <RollbackCard s={s} />

      <TriggersCard s={s} />

      <Card title="History" testId="transitions">
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>When</th><th>Change</th><th>From → to</th><th>By</th><th>Reason</th></tr></thead>
            <tbody>
              {s.transitions.map((t) => (
                <tr key={t.id} data-testid="transition-row">
                  <td className="nowrap">{fmtTime(t.at)}</td>
                  <td><Badge tone={t.kind === 'ROLLBACK' ? 'warn' : t.kind === 'PROMOTION' ? 'ok' : 'muted'}>{t.kind.toLowerCase()}</Badge>{t.isAutomatic ? ' (automatic)' : ''}</td>
                  <td>{t.from ? `${t.from} → ` : ''}{t.to}</td>
                  <td>{t.actor ?? 'system'}</td>
                  <td>{t.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

function PromoteControl({ s }: { s: Stages }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const [confirming, setConfirming] = useState(false);
  const [note, setNote] = useState('');
  const m = useMutation(trpc.stages.promote.mutationOptions({
    onSuccess: () => { setConfirming(false); setNote(''); void qc.invalidateQueries({ queryKey: trpc.stages.get.queryKey() }); },
  }));
  if (!s.next) return null;
  return (
    <div className="gate" data-testid="promotion-gate">
      {!s.gate.canPromote && (
        <div className="gate-blocked" role="status">
          <strong>Promotion is blocked:</strong>
          <ul data-testid="gate-reasons">{s.gate.reasons.map((r) => <li key={r}>{r}</li>)}</ul>
        </div>
      )}
      {user.can('OPERATOR') ? (
        <button type="button" className="btn btn-primary" data-testid="promote" disabled={!s.gate.canPromote || confirming} onClick={() => setConfirming(true)}
          aria-describedby={s.gate.canPromote ? undefined : 'gate-why'}>
          Promote to {s.next.name}…
        </button>
      ) : <span className="muted small">Operators can promote</span>}
      {!s.gate.canPromote && <span id="gate-why" className="sr-only">Disabled: {s.gate.reasons.length} reason(s) listed above</span>}
      {confirming && (
        <div className="confirm" role="group" aria-label="Confirm promotion">
          <p>Promote <strong>{s.account.name}</strong> from {s.current.name} to <strong>{s.next.name}</strong>? Its capital becomes {fmtMoney(s.stages.find((x) => x.ordinal === s.next!.ordinal)!.capital, s.account.quoteCurrency)}; the risk state is rebased to it.</p>
          <label className="field">Note for the audit log (at least 10 characters)
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} maxLength={1000} data-testid="promote-note" />
          </label>
          <ErrorNote error={m.error} />
          <div className="confirm-actions">
            <button type="button" className="btn btn-primary" data-testid="promote-confirm" disabled={m.isPending || note.trim().length < 10}
              onClick={() => m.mutate({ accountId: s.account.id, toOrdinal: s.next!.ordinal, note })}>{m.isPending ? 'Promoting…' : 'Promote'}</button>
            <button type="button" className="btn btn-ghost" onClick={() => { setConfirming(false); m.reset(); }}>Cancel</button>
          </div>
        </div>
      )}
    </div>
  );
}

function RollbackCard({ s }: { s: Stages }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const m = useMutation(trpc.stages.rollback.mutationOptions({
    onSuccess: () => { setConfirming(false); setReason(''); void qc.invalidateQueries({ queryKey: trpc.stages.get.queryKey() }); },
  }));
  const previous = s.stages.find((x) => x.ordinal === s.current.ordinal - 1);
  const r = s.rollback;
  return (
    <Card title="Roll back" testId="rollback-card">
      <div className="safe-row">
        <p className="muted small">
          The worker cancels pending orders, closes every position at the next price (stops stay until each exit fills) and
          {previous ? ` steps down to ${previous.name} (${fmtPct(previous.effectiveAllocation, 0)}).` : ` keeps ${s.current.name}, the first stage.`} Then investigate, fix, and resume with the reduced allocation.
        </p>
        {user.can('OPERATOR') ? (
          <button type="button" className="btn btn-warn" data-testid="rollback" disabled={confirming || r?.status === 'PENDING'} onClick={() => setConfirming(true)}>Roll back…</button>
        ) : <span className="muted small">Operators can roll back</span>}
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-label="Confirm rollback">
          <p>Roll back <strong>{s.account.name}</strong> now? Open positions are closed at market.</p>
          <label className="field">What went wrong (at least 10 characters, kept in the audit log)
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={1000} data-testid="rollback-reason" />
          </label>
          <ErrorNote error={m.error} />
          <div className="confirm-actions">
            <button type="button" className="btn btn-warn" data-testid="rollback-confirm" disabled={m.isPending || reason.trim().length < 10}
              onClick={() => m.mutate({ accountId: s.account.id, fromStageId: s.stages.find((x) => x.isCurrent)!.id, reason })}>{m.isPending ? 'Sending…' : 'Roll back'}</button>
            <button type="button" className="btn btn-ghost" onClick={() => { setConfirming(false); m.reset(); }}>Cancel</button>
          </div>
        </div>
      )}
      {r && (
        <div className="command-status" data-testid="rollback-status" data-status={r.status}>
          <p className="small">
            Last rollback: requested {fmtTime(r.requestedAt)} by {r.requestedBy ?? 'unknown'} — “{r.reason}” ·{' '}
            {r.status === 'PENDING' ? <Badge tone="info">waiting for the worker</Badge> : r.status === 'APPLIED' ? <Badge tone="ok">applied {fmtTime(r.appliedAt)}</Badge> : <Badge tone="bad">failed: {r.error}</Badge>}
          </p>
          {r.steps.length > 0 && (
            <ol className="rollback-steps" data-testid="rollback-steps">
              {r.steps.map((x) => (
                <li key={x.step} data-testid={`rollback-step-${x.step}`} data-status={x.status}>
                  <Badge tone={x.status === 'done' ? 'ok' : x.status === 'in_progress' ? 'info' : 'muted'}>{x.status === 'in_progress' ? 'in progress' : x.status}</Badge>{' '}
                  <strong>{STEP_TEXT[x.step]}</strong>: {x.detail}{x.progress ? ` (${x.progress.closed} of ${x.progress.total} closed)` : ''}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </Card>
  );
}

const TRIGGER_TEXT: Record<string, string> = {
  sharpe_degradation: 'Sharpe degraded > 20% vs the previous stage',
  drawdown_beyond_max: 'Drawdown beyond the historical maximum',
  slippage_increase: 'Slippage more than doubled (and > 5 bps)',
  risk_violation: 'Any risk-rule violation',
};
const TRIGGER_TONE = { OK: 'ok', NOT_ENOUGH_DATA: 'muted', NOT_APPLICABLE: 'muted', FIRED: 'bad' } as const;
const TRIGGER_STATUS = { OK: 'ok', NOT_ENOUGH_DATA: 'not enough data', NOT_APPLICABLE: 'not applicable', FIRED: 'fired' } as const;

/** The automatic rollback triggers as the worker last evaluated them: each with its evidence in words. */
function TriggersCard({ s }: { s: Stages }) {
  return (
    <Card title="Automatic rollback" testId="rollback-triggers">
      <p className="muted small">The worker checks these on a timer. One that fires rolls the account back as the button above does, audited as the system, with a critical alert carrying the evidence; at most once per stage.</p>
      {s.triggers.length === 0 ? <p className="muted small">Not evaluated yet: the worker has not run its first check.</p> : (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Trigger</th><th>State</th><th>Evidence</th><th>Checked</th></tr></thead>
            <tbody>
              {s.triggers.map((x) => (
                <tr key={x.trigger} data-testid={`trigger-${x.trigger}`} data-status={x.status}>
                  <td>{TRIGGER_TEXT[x.trigger] ?? x.trigger}</td>
                  <td className="nowrap"><Badge tone={TRIGGER_TONE[x.status]}>{TRIGGER_STATUS[x.status]}</Badge>{x.firedAt ? <span className="small"> {fmtTime(x.firedAt)}</span> : null}</td>
                  <td className="small">{x.message}</td>
                  <td className="nowrap small">{fmtTime(x.checkedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}
