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

/**
 * Extreme market mode for one account, set (never toggled) with a reason. On: safe mode on,
 * sizes × the multiplier (blank: the worker's EXTREME_SIZE_MULTIPLIER), faster MONITOR. Off:
 * sizes and monitoring back to normal; safe mode stays until it is turned off on the Overview.
 */
export function ExtremeModeControl({ a }: { a: Account }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const [isConfirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [multiplier, setMultiplier] = useState('');
  const m = useMutation(trpc.emergency.setExtremeMode.mutationOptions({
    onSuccess: () => { setConfirming(false); setReason(''); setMultiplier(''); void qc.invalidateQueries({ queryKey: trpc.emergency.get.queryKey() }); },
  }));
  const target = !a.extremeMode.isOn;
  const r = a.lastExtremeRequest;
  const sizeMultiplier = multiplier.trim() === '' ? undefined : Number(multiplier);

  return (
    <div className="command-status" data-testid="extreme-mode-control">
      <div className="safe-row">
        <p className="muted small">Extreme market mode: safe mode on, smaller position sizes, faster monitoring.</p>
        {user.can('OPERATOR') && (
          <button type="button" className={target ? 'btn btn-warn btn-small' : 'btn btn-small'} data-testid="extreme-mode-toggle" disabled={isConfirming || r?.status === 'PENDING'}
            onClick={() => setConfirming(true)}>{target ? 'Switch extreme mode on…' : 'Switch extreme mode off…'}</button>
        )}
      </div>
      {isConfirming && (
        <div className="confirm" role="group" aria-label="Confirm extreme market mode">
          <p>{target ? <>Switch extreme market mode <strong>on</strong> for {a.name}? Safe mode goes on at once.</>
            : <>Switch extreme market mode <strong>off</strong> for {a.name}? Sizes go back to normal; safe mode stays {a.safeMode.applied ? 'on until you turn it off on the Overview' : 'off'}.</>}</p>
          <label>Reason (at least 10 characters, kept in the audit log)
            <textarea value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={1000} data-testid="extreme-mode-reason" />
          </label>
          {target && (
            <label>Size multiplier, 0.05 to 1 (blank: the worker&apos;s EXTREME_SIZE_MULTIPLIER)
              <input className="input-small" inputMode="decimal" value={multiplier} onChange={(e) => setMultiplier(e.target.value)} placeholder="0.5" data-testid="extreme-mode-multiplier" />
            </label>
          )}
          <ErrorNote error={m.error} />
          <div className="confirm-actions">
            <button type="button" className="btn btn-warn" data-testid="extreme-mode-confirm" disabled={m.isPending || reason.trim().length < 10}
              onClick={() => m.mutate({ accountId: a.id, isOn: target, reason, sizeMultiplier: target ? sizeMultiplier : undefined })}>{m.isPending ? 'Sending…' : 'Confirm'}</button>
            <button type="button" className="btn btn-ghost" onClick={() => { setConfirming(false); m.reset(); }}>Cancel</button>
          </div>
        </div>
      )}
      {r && (
        <p className="small" data-testid="extreme-mode-request" data-status={r.status}>
          Last request: extreme mode {r.isOn ? 'on' : 'off'} by {r.requestedBy ?? 'unknown'} at {fmtTime(r.requestedAt)} · <CommandBadge c={r} />
          {r.note ? <span className="muted"> — {r.note}</span> : null}
        </p>
      )}
    </div>
  );
}
