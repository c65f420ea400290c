'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { ErrorNote } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';
import { CommandBadge } from './command-badge';

type Account = RouterOutputs['emergency']['get']['accounts'][number];

/** The exchange-issues runbook's "cancel pending orders" for one account, without safe mode. */
export function CancelOrdersControl({ a }: { a: Account }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const [isConfirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const m = useMutation(trpc.emergency.cancelOrders.mutationOptions({
    onSuccess: () => { setConfirming(false); setReason(''); void qc.invalidateQueries({ queryKey: trpc.emergency.get.queryKey() }); },
  }));
  const r = a.lastCancel;
  return (
    <div className="command-status" data-testid="cancel-orders-control">
      <div className="safe-row">
        <p className="muted small">Cancel pending entry orders: paper entries not filled yet, exchange entries not yet sent. Safe mode is not changed.</p>
        {user.can('OPERATOR') && (
          <button type="button" className="btn btn-small" data-testid="cancel-orders" disabled={isConfirming || r?.status === 'PENDING'} onClick={() => setConfirming(true)}>Cancel pending orders…</button>
        )}
      </div>
      {isConfirming && (
        <div className="confirm" role="group" aria-label="Confirm cancel pending orders">
          <label>Reason (at least 10 characters, kept in the audit log)
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={1000} data-testid="cancel-orders-reason" />
          </label>
          <ErrorNote error={m.error} />
          <div className="confirm-actions">
            <button type="button" className="btn btn-warn" data-testid="cancel-orders-confirm" disabled={m.isPending || reason.trim().length < 10}
              onClick={() => m.mutate({ accountId: a.id, reason })}>{m.isPending ? 'Sending…' : 'Cancel orders'}</button>
            <button type="button" className="btn btn-ghost" onClick={() => { setConfirming(false); m.reset(); }}>Back</button>
          </div>
        </div>
      )}
      {r && (
        <p className="small" data-testid="cancel-orders-request" data-status={r.status}>
          Last cancel: by {r.requestedBy ?? 'unknown'} at {fmtTime(r.requestedAt)} · <CommandBadge c={r} />{r.detail ? <span className="muted"> — {r.detail}</span> : null}
        </p>
      )}
    </div>
  );
}
