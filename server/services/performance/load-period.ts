import type { Tx } from '@/adapters/db/client';
import type { PerfSnapshot, PerfTrade } from './performance-report';

const DAY_MS = 86_400_000;
/** a period's equity series is read whole for the metrics (one year of 5m snapshots is 105k rows); past this it is cut */
const MAX_SNAPSHOTS = 250_000;

type Reader = Pick<Tx, 'equitySnapshot' | 'position'>;

/**
 * An account's equity snapshots and closed trades over the last `days` (null: all), the
 * period ending at its latest snapshot: the candle clock in paper replay, wall time live.
 * The last snapshot before the period anchors its first return. Null without snapshots.
 */
export async function loadPerformancePeriod(tx: Reader, accountId: string, days: number | null) {
  const last = await tx.equitySnapshot.findFirst({ where: { accountId }, orderBy: { at: 'desc' }, select: { at: true } });
  if (!last) return null;
  const to = last.at;
  const from = days === null ? new Date(0) : new Date(to.getTime() - days * DAY_MS);
  const anchor = days === null ? null : await tx.equitySnapshot.findFirst({ where: { accountId, at: { lt: from } }, orderBy: { at: 'desc' }, select: { at: true, equity: true, drawdownFraction: true } });
  const rows = await tx.equitySnapshot.findMany({
    where: { accountId, at: { gte: from, lte: to } }, orderBy: { at: 'desc' }, take: MAX_SNAPSHOTS, select: { at: true, equity: true, drawdownFraction: true },
  });
  rows.reverse();
  if (anchor) rows.unshift(anchor);
  const positions = await tx.position.findMany({
    where: { accountId, status: 'CLOSED', closedAt: { gte: from, lte: to } }, orderBy: { closedAt: 'asc' },
    select: { strategy: true, realizedPnl: true, rMultiple: true, fees: true, openedAt: true, closedAt: true },
  });
  const snapshots: PerfSnapshot[] = rows.map((r) => ({ t: r.at.getTime(), equity: r.equity.toNumber(), drawdown: r.drawdownFraction.toNumber() }));
  const trades: PerfTrade[] = positions.map((p) => ({ strategy: p.strategy, pnl: p.realizedPnl?.toNumber() ?? 0, rMultiple: p.rMultiple?.toNumber() ?? 0, fees: p.fees.toNumber(),
    entryTime: p.openedAt.getTime(), exitTime: p.closedAt!.getTime() }));
  return { from: rows[0]?.at ?? from, to, snapshots, trades, isTruncated: rows.length >= MAX_SNAPSHOTS };
}
