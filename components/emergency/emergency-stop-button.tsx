'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { ErrorNote } from '@/components/ui/card';
import type { RouterOutputs } from '@/components/providers/types';

type Requests = RouterOutputs['emergency']['stop']['requests'];
const ALL = 'all';

/**
 * The red button at the top of every dashboard page (operators and admins; viewers do not
 * see it). It asks for a reason and which accounts, then the worker applies the stop: safe
 * mode on, pending entries cancelled, and with "also close all positions" every position
 * sent to CLOSE. The dialog reports what was sent and links to the Emergency page.
 */
export function EmergencyStopButton() {
  const user = useUser();
  const [isOpen, setOpen] = useState(false);
  if (!user.can('OPERATOR')) return null;
  return (
    <>
      <button type="button" className="btn btn-danger" data-testid="emergency-stop" onClick={() => setOpen(true)}>Emergency stop</button>
      {isOpen && <EmergencyStopDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function EmergencyStopDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [accountId, setAccountId] = useState(ALL);
  const [reason, setReason] = useState('');
  const [isCloseAll, setCloseAll] = useState(false);
  const [sent, setSent] = useState<Requests | null>(null);
  const accounts = useQuery(trpc.emergency.get.queryOptions());
  const m = useMutation(trpc.emergency.stop.mutationOptions({
    onSuccess: (r) => { setSent(r.requests); void qc.invalidateQueries(); },
  }));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') onClose(); };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const enabled = accounts.data?.accounts.filter((a) => a.isEnabled) ?? [];
  const isReady = reason.trim().length >= 10 && !m.isPending;

  return (
    <div className="modal-backdrop" onClick={(e) => { if (e.target === e.currentTarget) onClose(); }}>
      <div className="modal modal-danger" role="dialog" aria-modal="true" aria-labelledby="emergency-stop-title" data-testid="emergency-stop-dialog">
        <h2 id="emergency-stop-title">Emergency stop</h2>
        {sent ? (
          <>
            <ul className="rule-list" data-testid="emergency-stop-sent">
              {sent.map((r) => <li key={r.accountId}><strong>{r.accountName}</strong>: {r.isDuplicate ? 'a stop was already waiting for the worker' : 'sent to the worker'}</li>)}
            </ul>
            <p className="muted small">The worker applies it within seconds. Follow each step on the <Link href="/emergency" onClick={onClose}>Emergency page</Link>; turn safe mode off on the Overview to resume.</p>
            <div className="confirm-actions"><button type="button" className="btn" onClick={onClose} autoFocus>Close</button></div>
          </>
        ) : (
          <>
            <p>Safe mode goes <strong>on</strong> (no new positions, every stop stays in place) and pending entry orders are <strong>cancelled</strong>. Audited.</p>
            <label>Accounts
              <select value={accountId} onChange={(e) => setAccountId(e.target.value)} data-testid="emergency-stop-account">
                <option value={ALL}>All enabled accounts{enabled.length ? ` (${enabled.length})` : ''}</option>
                {(accounts.data?.accounts ?? []).map((a) => <option key={a.id} value={a.id}>{a.name}{a.isEnabled ? '' : ' (disabled)'}</option>)}
              </select>
            </label>
            <label>What is happening (at least 10 characters, kept in the audit log)
              <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={3} maxLength={1000} autoFocus data-testid="emergency-stop-reason" />
            </label>
            <label className="check">
              <input type="checkbox" checked={isCloseAll} onChange={(e) => setCloseAll(e.target.checked)} data-testid="emergency-stop-close-all" />
              also close all positions at the next price
            </label>
            <ErrorNote error={m.error ?? accounts.error} />
            <div className="confirm-actions">
              <button type="button" className="btn btn-danger" data-testid="emergency-stop-confirm" disabled={!isReady}
                onClick={() => m.mutate({ accountId: accountId === ALL ? undefined : accountId, reason, isCloseAll })}>
                {m.isPending ? 'Sending…' : 'Stop now'}
              </button>
              <button type="button" className="btn btn-ghost" onClick={onClose}>Cancel</button>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
