import type { Prisma } from '@/generated/prisma/client';
import { z } from 'zod';

type Decimal = Prisma.Decimal;
const dec = z.string(); // decimals travel as strings

export const openPositionView = z.object({
  id: z.string(), symbol: z.string(), strategy: z.string(), status: z.string(), quantity: dec, entryPrice: dec, stopPrice: dec, targetPrice: dec.nullable(),
  openedAt: z.date(), markPrice: dec.nullable(), unrealizedPnl: dec.nullable(), rMultiple: z.number().nullable(), stopOrderOpen: z.boolean(),
});
export type OpenPositionView = z.infer<typeof openPositionView>;

export const closedTradeView = z.object({
  id: z.string(), symbol: z.string(), strategy: z.string(), exitReason: z.string().nullable(), realizedPnl: dec, rMultiple: z.number().nullable(), closedAt: z.date(),
});

/** The marks the worker publishes (paper: PaperReplay.marks), symbol → last price. */
export const marksSchema = z.record(z.string(), z.number());

interface PositionRow {
  id: string; symbol: string; strategy: string; status: string; quantity: Decimal; entryPrice: Decimal; stopPrice: Decimal; targetPrice: Decimal | null;
  openedAt: Date; fees: Decimal; initialRisk: Decimal;
}

/** An open position as the dashboard shows it: unrealised P&L (after the entry fee) and R at the mark. */
export function toOpenPositionView(p: PositionRow, marks: Record<string, number>, isStopResting: boolean): OpenPositionView {
  const mark = marks[p.symbol];
  const upnl = mark === undefined ? null : p.quantity.times(mark - p.entryPrice.toNumber()).minus(p.fees);
  return {
    id: p.id, symbol: p.symbol, strategy: p.strategy, status: p.status, quantity: p.quantity.toString(), entryPrice: p.entryPrice.toString(),
    stopPrice: p.stopPrice.toString(), targetPrice: p.targetPrice?.toString() ?? null, openedAt: p.openedAt,
    markPrice: mark === undefined ? null : String(mark), unrealizedPnl: upnl?.toFixed(2) ?? null,
    rMultiple: upnl && p.initialRisk.gt(0) ? upnl.div(p.initialRisk).toNumber() : null, stopOrderOpen: isStopResting,
  };
}

export function toClosedTradeView(p: PositionRow & { exitReason: string | null; realizedPnl: Decimal | null; rMultiple: Decimal | null; closedAt: Date | null }) {
  return {
    id: p.id, symbol: p.symbol, strategy: p.strategy, exitReason: p.exitReason, realizedPnl: (p.realizedPnl ?? p.fees.negated()).toFixed(2),
    rMultiple: p.rMultiple?.toNumber() ?? null, closedAt: p.closedAt ?? p.openedAt,
  };
}
