import type { ReactNode } from 'react';
import { Badge } from '@/components/ui/card';
import { fmtPrice, fmtShortTime, fmtSignedMoney } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';
import { VenueBadge } from './venue-badge';

type OpenPosition = RouterOutputs['overview']['get']['positions'][number];

/**
 * The cells of an open position, the same on the Overview and the Positions page: symbol
 * with its venue (and the page's own status badge), strategy, quantity, entry, mark, stop
 * with whether it rests on the book, target, unrealised P&L, R, opened. Symbol and stop
 * put their badge on a second line: every row has the same two lines whatever it shows
 * (the Overview's fixed slots), and the badges fit the Overview's columns at 1280 px.
 */
export function OpenPositionCells({ p, cur, status }: { p: OpenPosition; cur: string; status?: ReactNode }) {
  return (
    <>
      <td><span className="cell-line">{p.symbol}</span><span className="cell-line"><VenueBadge venue={p.venue} />{status ? <> {status}</> : null}</span></td>
      <td>{p.strategy}</td>
      <td className="mono">{p.quantity}</td>
      <td className="mono">{fmtPrice(p.entryPrice)}</td>
      <td className="mono">{p.markPrice ? fmtPrice(p.markPrice) : '—'}</td>
      <td className="mono"><span className="cell-line">{fmtPrice(p.stopPrice)}</span><span className="cell-line">{p.stopOrderOpen ? <Badge tone="ok">resting</Badge> : <Badge tone="bad">missing</Badge>}</span></td>
      <td className="mono">{p.targetPrice ? fmtPrice(p.targetPrice) : '—'}</td>
      <td className={Number(p.unrealizedPnl ?? 0) < 0 ? 'tone-text-bad' : 'tone-text-ok'}>{p.unrealizedPnl === null ? '—' : fmtSignedMoney(Number(p.unrealizedPnl), cur)}</td>
      <td>{p.rMultiple === null ? '—' : p.rMultiple.toFixed(2)}</td>
      <td className="nowrap">{fmtShortTime(p.openedAt)}</td>
    </>
  );
}
