'use client';

import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TradeChart } from '@/components/charts/trade-chart';
import { useUser } from '@/components/layout/user-context';
import { useTRPC } from '@/components/providers/trpc';
import type { RouterOutputs } from '@/components/providers/types';
import { Badge, Card, ErrorNote, PageHeader } from '@/components/ui/card';
import { fmtEnum, fmtPrice, fmtShortTime, fmtSignedMoney, fmtTime } from '@/components/ui/format';
import { OpenPositionCells } from './position-cells';
import { VenueBadge } from './venue-badge';

type OpenPosition = RouterOutputs['positions']['list']['open'][number];

/** Positions & orders: open positions (closable by an operator), open orders, closed trades paged on the server; a chart per position. */
export function PositionsPage() {
  const trpc = useTRPC();
  const [selected, setSelected] = useState<{ id: string; label: string } | null>(null);
  const q = useQuery(trpc.positions.list.queryOptions({ closedLimit: 1 }, { refetchInterval: 1000, refetchIntervalInBackground: false }));
  const closed = useInfiniteQuery(trpc.positions.list.infiniteQueryOptions({ closedLimit: 25 }, {
    getNextPageParam: (last) => last.closed.nextCursor ?? undefined, refetchInterval: 5000,
  }));
  if (q.isPending) return <PageHeader title="Positions & orders" subtitle="Loading…" />;
  if (q.isError) return <><PageHeader title="Positions & orders" /><ErrorNote error={q.error} /></>;
  const d = q.data;
  const cur = d.quoteCurrency;
  const closedRows = (closed.data?.pages ?? []).flatMap((p) => p.closed.rows);

  return (
    <>
      <PageHeader title="Positions & orders" subtitle="Open positions with their resting stop, open orders, and every closed trade with its exit reason." />
      <Card title={`Open positions (${d.open.length})`} testId="positions-open">
        {d.open.length === 0 ? <p className="muted">No open position. The worker opens one when a signal passes the risk engine.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Symbol</th><th>Strategy</th><th>Qty</th><th>Entry</th><th>Mark</th><th>Stop</th><th>Target</th><th>Unrealised</th><th>R</th><th>Opened (UTC)</th><th><span className="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {d.open.map((p) => (
                  <OpenRow key={p.id} p={p} cur={cur} isSelected={selected?.id === p.id}
                    onChart={() => setSelected(selected?.id === p.id ? null : { id: p.id, label: `${p.symbol} · ${p.strategy} · opened ${fmtTime(p.openedAt)}` })} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      {selected && <ChartCard id={selected.id} label={selected.label} onClose={() => setSelected(null)} />}

      <Card title={`Open orders (${d.orders.length})`} testId="orders-open">
        {d.orders.length === 0 ? <p className="muted">No open order.</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Symbol</th><th>Purpose</th><th>Type</th><th>Side</th><th>Qty</th><th>Price</th><th>Stop</th><th>Status</th><th>Client id</th></tr></thead>
              <tbody>
                {d.orders.map((o) => (
                  <tr key={o.id} data-testid="order-row">
                    <td>{o.symbol} <VenueBadge venue={o.venue} /></td>
                    <td>{o.purpose.toLowerCase()}</td>
                    <td>{fmtEnum(o.type)}</td>
                    <td>{o.side.toLowerCase()}</td>
                    <td className="mono">{o.quantity}</td>
                    <td className="mono">{o.price ? fmtPrice(o.price) : '—'}</td>
                    <td className="mono">{o.stopPrice ? fmtPrice(o.stopPrice) : '—'}</td>
                    <td><Badge tone={o.status === 'OPEN' ? 'ok' : 'info'}>{fmtEnum(o.status)}</Badge></td>
                    <td className="mono small">{o.clientOrderId}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Closed trades" testId="positions-closed">
        {closed.isError && <ErrorNote error={closed.error} />}
        {closedRows.length === 0 ? <p className="muted">{closed.isPending ? 'Loading…' : 'No closed trade yet.'}</p> : (
          <div className="table-wrap">
            <table className="table">
              <thead><tr><th>Closed (UTC)</th><th>Symbol</th><th>Strategy</th><th>Qty</th><th>Entry</th><th>Exit</th><th>Reason</th><th>P&amp;L</th><th>R</th><th><span className="sr-only">Chart</span></th></tr></thead>
              <tbody>
                {closedRows.map((t) => (
                  <tr key={t.id} data-testid="closed-row">
                    <td className="nowrap">{fmtShortTime(t.closedAt)}</td>
                    <td>{t.symbol} <VenueBadge venue={t.venue} /></td>
                    <td>{t.strategy}</td>
                    <td className="mono">{t.quantity}</td>
                    <td className="mono">{fmtPrice(t.entryPrice)}</td>
                    <td className="mono">{t.exitPrice ? fmtPrice(t.exitPrice) : '—'}</td>
                    <td>{fmtEnum(t.exitReason)}</td>
                    <td className={Number(t.realizedPnl) < 0 ? 'tone-text-bad' : 'tone-text-ok'}>{fmtSignedMoney(Number(t.realizedPnl), cur)}</td>
                    <td>{t.rMultiple === null ? '—' : t.rMultiple.toFixed(2)}</td>
                    <td><button type="button" className="btn btn-small btn-ghost" aria-label={`Chart of the ${t.symbol} trade closed ${fmtTime(t.closedAt)}`}
                      onClick={() => setSelected({ id: t.id, label: `${t.symbol} · ${t.strategy} · closed ${fmtTime(t.closedAt)} by ${fmtEnum(t.exitReason)}` })}>Chart</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {closed.hasNextPage && (
          <button type="button" className="btn btn-small" data-testid="closed-more" disabled={closed.isFetchingNextPage} onClick={() => void closed.fetchNextPage()}>
            {closed.isFetchingNextPage ? 'Loading…' : 'Older trades'}
          </button>
        )}
      </Card>
    </>
  );
}

function OpenRow({ p, cur, isSelected, onChart }: { p: OpenPosition; cur: string; isSelected: boolean; onChart: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const close = useMutation(trpc.positions.close.mutationOptions({
    onSuccess: () => { setConfirming(false); void qc.invalidateQueries({ queryKey: trpc.positions.list.queryKey() }); },
  }));
  const isClosing = p.status === 'CLOSING' || p.closeRequested;
  return (
    <>
      <tr data-testid="open-position-row" data-position-id={p.id} className={isSelected ? 'row-selected' : undefined}>
        <OpenPositionCells p={p} cur={cur}
          status={isClosing ? <Badge tone="warn" testId="closing-badge">{p.status === 'CLOSING' ? `closing (${fmtEnum(p.exitReason)})` : 'close requested'}</Badge> : null} />
        <td>
          <div className="row-actions">
            <button type="button" className="btn btn-small btn-ghost" aria-pressed={isSelected} onClick={onChart} aria-label={`Chart of ${p.symbol}`}>Chart</button>
            {user.can('OPERATOR') && !isClosing && (
              <button type="button" className="btn btn-small btn-warn" data-testid="close-position" onClick={() => setConfirming(true)} disabled={confirming}>Close…</button>
            )}
          </div>
        </td>
      </tr>
      {confirming && (
        <tr className="confirm-row">
          <td colSpan={11}>
            <div className="confirm" role="group" aria-label={`Confirm closing ${p.symbol}`}>
              <p>Close <strong>{p.quantity} {p.symbol}</strong> at the next price? The worker sends a market sell; the stop stays until the exit fills.</p>
              <label className="field">Reason (optional, kept in the audit log)
                <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} data-testid="close-reason" />
              </label>
              <ErrorNote error={close.error} />
              <div className="confirm-actions">
                <button type="button" className="btn btn-warn" data-testid="close-confirm" disabled={close.isPending}
                  onClick={() => close.mutate({ positionId: p.id, reason: reason.trim() || undefined })}>
                  {close.isPending ? 'Sending…' : `Close ${p.symbol}`}
                </button>
                <button type="button" className="btn btn-ghost" onClick={() => { setConfirming(false); close.reset(); }}>Cancel</button>
              </div>
            </div>
          </td>
        </tr>
      )}
    </>
  );
}

function ChartCard({ id, label, onClose }: { id: string; label: string; onClose: () => void }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.positions.chart.queryOptions({ positionId: id }, { refetchInterval: 5000 }));
  return (
    <Card title={label} testId="position-chart">
      <div className="row-actions chart-actions"><button type="button" className="btn btn-small btn-ghost" onClick={onClose}>Hide chart</button></div>
      {q.isPending ? <p className="muted">Loading candles…</p> : q.isError ? <ErrorNote error={q.error} />
        : q.data.candles.length === 0 ? <p className="muted">No candles stored for {q.data.symbol} yet.</p>
          : <TradeChart data={q.data} />}
    </Card>
  );
}
