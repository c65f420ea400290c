import { Badge } from '@/components/ui/card';
import { fmtPrice, fmtShortTime, fmtSignedMoney } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';

type OpenPosition = RouterOutputs['overview']['get']['positions'][number];

/**
 * The cells an open position shows after its symbol, the same on the Overview and the
 * Positions page: strategy, quantity, entry, mark, stop with whether it rests on the book,
 * target, unrealised P&L, R, opened.
 */
export function OpenPositionCells({ p, cur }: { p: OpenPosition; cur: string }) {
  return (
    <>
      <td>{p.strategy}</td>
      <td className="mono">{p.quantity}</td>
      <td className="mono">{fmtPrice(p.entryPrice)}</td>
      <td className="mono">{p.markPrice ? fmtPrice(p.markPrice) : '—'}</td>
      <td className="mono">{fmtPrice(p.stopPrice)} {p.stopOrderOpen ? <Badge tone="ok">resting</Badge> : <Badge tone="bad">missing</Badge>}</td>
      <td className="mono">{p.targetPrice ? fmtPrice(p.targetPrice) : '—'}</td>
      <td className={Number(p.unrealizedPnl ?? 0) < 0 ? 'tone-text-bad' : 'tone-text-ok'}>{p.unrealizedPnl === null ? '—' : fmtSignedMoney(Number(p.unrealizedPnl), cur)}</td>
      <td>{p.rMultiple === null ? '—' : p.rMultiple.toFixed(2)}</td>
      <td className="nowrap">{fmtShortTime(p.openedAt)}</td>
    </>
  );
}
