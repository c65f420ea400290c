'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';

type SafeMode = RouterOutputs['overview']['get']['safeMode'];

/**
 * Safe mode: the operator sets the desired state (never a blind toggle); the worker
 * applies it and the panel shows requested → applied from the command row.
 */
export function SafeModeControl({ accountId, safeMode }: { accountId: string; safeMode: SafeMode }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const [isCloseAll, setCloseAll] = useState(false);
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState<boolean | null>(null);
  const mutation = useMutation(trpc.control.setSafeMode.mutationOptions({
    onSuccess: () => { setConfirming(null); setCloseAll(false); setReason(''); void qc.invalidateQueries({ queryKey: trpc.overview.get.queryKey() }); },
  }));
  const cmd = safeMode.lastCommand;
  const target = !safeMode.desired;

  return (
    <Card title="Safe mode" testId="safe-mode-card">
      <div className="safe-row">
        <div>
          <div className="safe-state" data-testid="safe-mode-state" data-applied={String(safeMode.applied)}>
            {safeMode.applied ? <Badge tone="warn">ON — no new positions</Badge> : <Badge tone="ok">OFF — trading allowed</Badge>}
          </div>
          <p className="muted small">
            With safe mode on the worker opens no new positions and keeps every stop in place.
          </p>
        </div>
        {user.can('OPERATOR') ? (
          <button type="button" className={target ? 'btn btn-warn' : 'btn'} data-testid="safe-mode-toggle"
            disabled={mutation.isPending} onClick={() => setConfirming(target)}>
            {target ? 'Turn safe mode on…' : 'Turn safe mode off…'}
          </button>
        ) : (
          <span className="muted small" data-testid="safe-mode-readonly">Operators can change safe mode</span>
        )}
      </div>

      {confirming !== null && (
        <div className="confirm" role="dialog" aria-label="Confirm safe mode">
          <p><strong>{confirming ? 'Turn safe mode ON?' : 'Turn safe mode OFF?'}</strong> The worker applies it within seconds; this is audited.</p>
          {confirming && (
            <label className="check">
              <input type="checkbox" checked={isCloseAll} onChange={(e) => setCloseAll(e.target.checked)} data-testid="safe-mode-close-all" />
              and close all open positions
            </label>
          )}
          <label>
            Reason (recorded in the audit log)
            <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} placeholder="e.g. exchange incident" data-testid="safe-mode-reason" />
          </label>
          <div className="confirm-actions">
            <button type="button" className="btn btn-primary" data-testid="safe-mode-confirm" disabled={mutation.isPending}
              onClick={() => mutation.mutate({ accountId, isOn: confirming, isCloseAll: confirming && isCloseAll, reason: reason || undefined })}>
              {mutation.isPending ? 'Sending…' : 'Confirm'}
            </button>
            <button type="button" className="btn btn-ghost" onClick={() => setConfirming(null)}>Cancel</button>
          </div>
          <ErrorNote error={mutation.error} />
        </div>
      )}

      {cmd && (
        <div className="command-status" data-testid="safe-mode-command" data-status={cmd.status}>
          <span className="muted small">Last request:</span>{' '}
          <strong>safe mode {cmd.isOn ? 'on' : 'off'}</strong>{' '}
          <span className="muted small">by {cmd.requestedBy ?? 'system'} at {fmtTime(cmd.requestedAt)}</span>
          <div className="steps">
            <Badge tone="info">requested</Badge>
            <span className="arrow">→</span>
            {cmd.status === 'APPLIED' && <Badge tone="ok" testId="safe-mode-applied">applied {fmtTime(cmd.appliedAt)} by {cmd.appliedBy}</Badge>}
            {cmd.status === 'PENDING' && <Badge tone="warn">waiting for the worker…</Badge>}
            {cmd.status === 'FAILED' && <Badge tone="bad">failed: {cmd.error}</Badge>}
          </div>
        </div>
      )}
    </Card>
  );
}
