import type { ReactNode } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { fmtAgo, fmtTime } from '@/components/ui/format';
import { RECONCILE_TONE, reconcileOutcomeText, type ExchangeView } from './exchange-text';

type Report = NonNullable<NonNullable<ExchangeView['reconcile']>['report']>;

/** What the last reconciliation found, finding by finding, with the orders and positions it names. */
export function ReconcileSummary({ x }: { x: ExchangeView }) {
  const r = x.reconcile;
  const now = x.serverTime;
  return (
    <Card title="Last reconciliation" testId="exchange-reconcile">
      {!r ? <p className="muted">Not reconciled yet: the worker compares its orders with the exchange&apos;s before its first entry.</p> : (
        <>
          <p className="connectivity-head">
            <Badge tone={RECONCILE_TONE[r.outcome]} testId="reconcile-outcome">{reconcileOutcomeText(r)}</Badge>
            <span>{fmtAgo(r.at, now)} · {fmtTime(r.at)}</span>
          </p>
          <p className="muted small" data-testid="last-clean-pass">
            Last clean pass (nothing unsettled, every position protected): {x.lastCleanPassAt ? `${fmtAgo(x.lastCleanPassAt, now)} · ${fmtTime(x.lastCleanPassAt)}` : 'none yet'}
          </p>
          {r.report ? <Findings report={r.report} /> : <p className="muted">The stored report could not be read.</p>}
        </>
      )}
    </Card>
  );
}

function Findings({ report }: { report: Report }) {
  const rows: [string, string, ReactNode[]][] = [
    ['updated', "Orders updated from the exchange's reports", report.updated.map((u) => <>{u.clientOrderId}: {u.from.toLowerCase()} → {u.to.toLowerCase()}</>)],
    ['rejected', 'Orders rejected: the exchange never saw them', report.rejectedNeverSeen],
    ['adopted', 'Orders of ours found open on the exchange, adopted', report.adopted],
    ['foreign', 'Foreign orders, left alone', report.foreign.map((f) => <>{f.symbol} #{f.id}{f.clientOrderId ? ` (${f.clientOrderId})` : ''}</>)],
    ['unprotected', 'Positions without a resting stop, protected before any entry', report.unprotectedPositions.map((id) => <span title={id}>position {id.slice(0, 8)}</span>)],
    ['errors', 'Errors (the exchange calls are retried on the next pass)', report.errors],
  ];
  return (
    <ul className="findings">
      {rows.map(([key, label, items]) => (
        <li key={key} data-testid={`finding-${key}`}>
          <div className="finding-head">
            <span>{label}</span>
            <strong className={items.length ? (key === 'errors' ? 'tone-text-bad' : 'tone-text-warn') : 'muted'} data-testid="finding-count">{items.length}</strong>
          </div>
          {items.length > 0 && <ul className="finding-list mono">{items.map((it, i) => <li key={i}>{it}</li>)}</ul>}
        </li>
      ))}
    </ul>
  );
}
