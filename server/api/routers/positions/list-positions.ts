import { z } from 'zod';
import { Venue } from '@/generated/prisma/enums';
import { procedure } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { resolveAccount } from '@/server/services/accounts';
import { closedTradeView, marksSchema, openPositionView, toClosedTradeView, toOpenPositionView } from '@/server/services/positions/views';

const dec = z.string();
const orderView = z.object({
  id: z.string(), clientOrderId: z.string(), symbol: z.string(), venue: z.enum(Venue), side: z.string(), type: z.string(), purpose: z.string(), status: z.string(),
  quantity: dec, price: dec.nullable(), stopPrice: dec.nullable(), positionId: z.string().nullable(), createdAt: z.date(),
});
const OPEN_ORDER = ['PENDING_SUBMIT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED'] as const;
/** closed trades are paged newest first by (closedAt, id): the cursor is the last row's pair */
const cursorSchema = z.string().regex(/^\d{1,15}:[0-9a-f-]{36}$/, 'cursor: not a cursor this page returned');

export const listPositions = procedure
  .input(z.object({
    accountId: z.uuid('accountId: must be a trading account id').optional(),
    cursor: cursorSchema.nullish(),
    closedLimit: z.number().int().min(1).max(200).default(25),
    symbol: z.string().trim().max(30).optional(),
  }).optional())
  .output(z.object({
    accountId: z.string(), quoteCurrency: z.string(),
    open: z.array(openPositionView.extend({ closeRequested: z.boolean(), exitReason: z.string().nullable() })),
    orders: z.array(orderView),
    closed: z.object({ rows: z.array(closedTradeView.extend({ entryPrice: dec, exitPrice: dec.nullable(), quantity: dec, openedAt: z.date(), fees: dec })), nextCursor: z.string().nullable() }),
  }))
  .query(async ({ ctx, input }) => {
    const limit = input?.closedLimit ?? 25;
    const symbol = input?.symbol || undefined;
    let after: { at: Date; id: string } | undefined;
    if (input?.cursor) {
      const [ms, id] = input.cursor.split(/:(.*)/s) as [string, string];
      after = { at: new Date(Number(ms)), id };
      if (Number.isNaN(after.at.getTime())) throw new AppError('BAD_REQUEST', 'cursor: not a cursor this page returned');
    }
    return ctx.db.$transaction(async (tx) => {
      const account = await resolveAccount(tx, input?.accountId);
      const accountId = account.id;
      const replay = await tx.paperReplay.findUnique({ where: { accountId }, select: { marks: true } });
      const marks = marksSchema.safeParse(replay?.marks ?? {}).data ?? {};
      const open = await tx.position.findMany({
        where: { accountId, status: { in: ['OPEN', 'CLOSING'] }, symbol }, orderBy: [{ openedAt: 'desc' }, { id: 'desc' }], take: 200,
        include: { orders: { where: { purpose: 'STOP', status: 'OPEN' }, select: { id: true } } },
      });
      const pendingCloses = await tx.controlCommand.findMany({ where: { accountId, type: 'CLOSE_POSITION', status: 'PENDING' }, select: { payload: true } });
      const requested = new Set(pendingCloses.map((c) => (c.payload as { positionId?: string }).positionId));
      const orders = await tx.order.findMany({ where: { accountId, status: { in: [...OPEN_ORDER] }, symbol }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: 200 });
      const closed = await tx.position.findMany({
        where: {
          accountId, status: 'CLOSED', symbol,
          ...(after ? { OR: [{ closedAt: { lt: after.at } }, { closedAt: after.at, id: { lt: after.id } }] } : {}),
        },
        orderBy: [{ closedAt: 'desc' }, { id: 'desc' }], take: limit,
      });
      const last = closed.at(-1);
      return {
        accountId, quoteCurrency: account.quoteCurrency,
        open: open.map((p) => ({ ...toOpenPositionView(p, marks, p.orders.length > 0), closeRequested: requested.has(p.id), exitReason: p.exitReason })),
        orders: orders.map((o) => ({
          id: o.id, clientOrderId: o.clientOrderId, symbol: o.symbol, venue: o.venue, side: o.side, type: o.type, purpose: o.purpose, status: o.status,
          quantity: o.quantity.toString(), price: o.price?.toString() ?? null, stopPrice: o.stopPrice?.toString() ?? null, positionId: o.positionId, createdAt: o.createdAt,
        })),
        closed: {
          rows: closed.map((p) => ({ ...toClosedTradeView(p), entryPrice: p.entryPrice.toString(), exitPrice: p.exitPrice?.toString() ?? null, quantity: p.quantity.toString(),
            openedAt: p.openedAt, fees: p.fees.toFixed(2) })),
          nextCursor: closed.length === limit && last?.closedAt ? `${last.closedAt.getTime()}:${last.id}` : null,
        },
      };
    }, { isolationLevel: 'RepeatableRead' });
  });
