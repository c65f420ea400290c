'use client';

import { Badge, Card } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';
import { CancelOrdersControl } from './cancel-orders-control';
import { CommandBadge } from './command-badge';
import { ExtremeModeControl } from './extreme-mode-control';

type Account = RouterOutputs['emergency']['get']['accounts'][number];

const STEP_TEXT = { safe_mode: 'Safe mode', cancel_orders: 'Cancel pending orders', close_positions: 'Close positions' } as const;

/** One account: safe mode, extreme market mode, what is pending or open, the last emergency stop step by step, and the controls. */
export function AccountEmergencyCard({ a }: { a: Account }) {
  const s = a.lastStop;
  return (
    <Card title={<>{a.name} <span className="muted small">{a.kind.toLowerCase()} · {a.exchange}{a.isBackup ? ' · backup' : ''}{a.isEnabled ? '' : ' · disabled'}</span></>} testId={`emergency-account-${a.name}`}>
      <div className="steps" data-testid="emergency-state">
        <span data-testid="emergency-safe-mode" data-applied={String(a.safeMode.applied)}>
          {a.safeMode.applied ? <Badge tone="warn">safe mode ON</Badge> : <Badge tone="ok">safe mode off</Badge>}
        </span>
        {a.safeMode.desired !== a.safeMode.applied && <Badge tone="info">requested {a.safeMode.desired ? 'on' : 'off'}</Badge>}
        <span data-testid="emergency-extreme-mode" data-on={String(a.extremeMode.isOn)}>
          {a.extremeMode.isOn ? <Badge tone="bad">extreme market mode · sizes × {a.extremeMode.sizeMultiplier ?? '?'}</Badge> : <Badge tone="muted">extreme mode off</Badge>}
        </span>
        <Badge tone={a.tradingState === 'ACTIVE' ? 'muted' : 'warn'}>{a.tradingState}</Badge>
      </div>
      <p className="muted small">
        {a.pendingEntries} pending entry order(s) · {a.openPositions} open or closing position(s)
        {a.safeMode.applied && a.safeMode.reason ? <> · safe mode: {a.safeMode.reason}</> : null}
      </p>
      {a.extremeMode.isOn && (
        <p className="small" data-testid="emergency-extreme-since">Extreme mode since {fmtTime(a.extremeMode.since)} by {a.extremeMode.by}: {a.extremeMode.reason}</p>
      )}

      {s && (
        <div className="command-status" data-testid="emergency-last-stop" data-status={s.status}>
          <p className="small">Last emergency stop: {fmtTime(s.requestedAt)} by {s.requestedBy ?? 'unknown'} — “{s.reason}”{s.isCloseAll ? ' (close all)' : ''} · <CommandBadge c={s} /></p>
          {s.steps.length > 0 && (
            <ol className="rollback-steps">
              {s.steps.map((x) => (
                <li key={x.step} data-testid={`emergency-step-${x.step}`} data-status={x.status}>
                  <Badge tone={x.status === 'done' ? 'ok' : x.status === 'in_progress' ? 'info' : 'muted'}>{x.status === 'in_progress' ? 'in progress' : x.status}</Badge>{' '}
                  <strong>{STEP_TEXT[x.step]}</strong>: {x.detail}{x.progress ? ` (${x.progress.closed} of ${x.progress.total} closed)` : ''}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
      <ExtremeModeControl a={a} />
      <CancelOrdersControl a={a} />
    </Card>
  );
}
