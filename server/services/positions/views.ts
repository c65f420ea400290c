import type { Prisma } from '@/generated/prisma/client';
import { Venue } from '@/generated/prisma/enums';
import { z } from 'zod';

/** a Prisma Decimal or the exact decimal text a raw query returns */
type Decimal = Prisma.Decimal | string;
const num = (d: Decimal) => Number(d.toString());
const dec = z.string(); // decimals travel as strings
/** PAPER: simulated fills of the paper replay; EXCHANGE: a live position whose stop rests on the exchange */
const venue = z.enum(Venue);

export const openPositionView = z.object({
  id: z.string(), symbol: z.string(), venue, strategy: z.string(), status: z.string(), quantity: dec, entryPrice: dec, stopPrice: dec, targetPrice: dec.nullable(),
  openedAt: z.date(), markPrice: dec.nullable(), unrealizedPnl: dec.nullable(), rMultiple: z.number().nullable(), stopOrderOpen: z.boolean(),
});
export type OpenPositionView = z.infer<typeof openPositionView>;

export const closedTradeView = z.object({
  id: z.string(), symbol: z.string(), venue, strategy: z.string(), exitReason: z.string().nullable(), realizedPnl: dec, rMultiple: z.number().nullable(), closedAt: z.date(),
});

/** The marks the worker publishes (paper: PaperReplay.marks), symbol → last price. */
export const marksSchema = z.record(z.string(), z.number());

interface PositionRow {
  id: string; symbol: string; venue: Venue; strategy: string; status: string; quantity: Decimal; entryPrice: Decimal; stopPrice: Decimal; targetPrice: Decimal | null;
  openedAt: Date; fees: Decimal; initialRisk: Decimal;
}

/** An open position as the dashboard shows it: unrealised P&L (after the entry fee) and R at the mark. */
export function toOpenPositionView(p: PositionRow, marks: Record<string, number>, isStopResting: boolean): OpenPositionView {
  const mark = marks[p.symbol];
  const upnl = mark === undefined ? null : num(p.quantity) * (mark - num(p.entryPrice)) - num(p.fees);
  const risk = num(p.initialRisk);
  return {
    // numbers as the shortest exact decimal ("0.5", not the column's 18 places)
    id: p.id, symbol: p.symbol, venue: p.venue, strategy: p.strategy, status: p.status, quantity: String(num(p.quantity)), entryPrice: String(num(p.entryPrice)),
    stopPrice: String(num(p.stopPrice)), targetPrice: p.targetPrice === null ? null : String(num(p.targetPrice)), openedAt: p.openedAt,
    markPrice: mark === undefined ? null : String(mark), unrealizedPnl: upnl === null ? null : upnl.toFixed(2),
    rMultiple: upnl !== null && risk > 0 ? upnl / risk : null, stopOrderOpen: isStopResting,
  };
}

export function toClosedTradeView(p: PositionRow & { exitReason: string | null; realizedPnl: Decimal | null; rMultiple: Decimal | null; closedAt: Date | null }) {
  return {
    id: p.id, symbol: p.symbol, venue: p.venue, strategy: p.strategy, exitReason: p.exitReason, realizedPnl: (p.realizedPnl === null ? -num(p.fees) : num(p.realizedPnl)).toFixed(2),
    rMultiple: p.rMultiple === null ? null : num(p.rMultiple), closedAt: p.closedAt ?? p.openedAt,
  };
}
