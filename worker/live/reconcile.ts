import ccxt from 'ccxt';
import type { Db } from '@/adapters/db/client';
import type { BinanceClient } from '@/adapters/exchange/binance';
import { raiseAlert } from '@/adapters/repo/alerts';
import { CLIENT_ORDER_PREFIX } from '@/domain/orders/client-order-id';
import type { OrderPurpose, OrderStatus } from '@/generated/prisma/enums';
import { fillRows, statusOf } from './submit-order';

/**
 * RECONCILE orders with the exchange's own reports (nautilus_trader's approach: the venue is
 * the truth for what it holds), at start-up before any new entry and periodically:
 *  - every order of ours the database does not consider settled is fetched by its client id
 *    and brought up to date (fills that happened while the worker was down are recorded);
 *    one the exchange has never seen is marked REJECTED after `maxMisses` checks (an in-flight
 *    request that never arrived), never sooner;
 *  - open orders on the exchange with our prefix that the database does not know are adopted;
 *  - open orders without our prefix are someone else's: left alone, reported in an alert;
 *  - open positions whose stop is not resting are returned, so the caller protects them
 *    (protectPosition) before trading on.
 * Every correction is journaled. No network call runs inside a database transaction.
 */
export interface ReconcileResult {
  updated: { clientOrderId: string; from: OrderStatus; to: OrderStatus }[];
  rejectedNeverSeen: string[];
  adopted: string[];
  foreign: { symbol: string; id: string; clientOrderId: string | null }[];
  unprotectedPositions: string[];
  errors: string[];
}

const UNSETTLED: OrderStatus[] = ['PENDING_SUBMIT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED'];
const isOurs = (clientOrderId: string | undefined | null) => !!clientOrderId && clientOrderId.startsWith(`${CLIENT_ORDER_PREFIX}-`);
const PURPOSE_BY_SUFFIX: Record<string, OrderPurpose> = { sl: 'STOP', tp: 'TARGET', x: 'EXIT' };

export async function reconcileOrders(db: Db, ex: BinanceClient, accountId: string, symbols: string[], opts: { maxMisses?: number; now?: () => Date; leaseEpoch?: number } = {}): Promise<ReconcileResult> {
  const maxMisses = opts.maxMisses ?? 3;
  const now = opts.now ?? (() => new Date());
  const out: ReconcileResult = { updated: [], rejectedNeverSeen: [], adopted: [], foreign: [], unprotectedPositions: [], errors: [] };
  const journal = (message: string, details: object, symbol?: string) =>
    db.journalEntry.create({ data: { accountId, at: now(), kind: 'SYSTEM', symbol: symbol ?? null, message: `reconcile: ${message}`, details } });

  // 1. our unsettled orders, one by one, from the exchange's answer
  const pending = await db.order.findMany({ where: { accountId, venue: 'EXCHANGE', status: { in: UNSETTLED } }, orderBy: { createdAt: 'asc' } });
  for (const o of pending) {
    try {
      const found = await ex.fetchOrder(undefined as unknown as string, o.symbol, { origClientOrderId: o.clientOrderId });
      const to = statusOf(found);
      if (to !== o.status || (found.filled ?? 0) !== o.filledQuantity.toNumber()) {
        await db.$transaction(async (tx) => {
          await tx.order.update({ where: { id: o.id }, data: { status: to, exchangeOrderId: found.id ?? o.exchangeOrderId, filledQuantity: found.filled ?? 0, avgFillPrice: found.average ?? null, lastError: null } });
          if ((found.filled ?? 0) > 0) {
            // the fills behind it, including those that happened while the worker was down
            const trades = await ex.fetchMyTrades(o.symbol, undefined, undefined, { orderId: found.id });
            await tx.fill.createMany({ skipDuplicates: true, data: fillRows(o, trades, now()) });
          }
        });
        out.updated.push({ clientOrderId: o.clientOrderId, from: o.status, to });
        await journal(`${o.clientOrderId} ${o.status} → ${to} (exchange report)`, { orderId: o.id, from: o.status, to, filled: found.filled }, o.symbol);
      }
    } catch (e) {
      if (e instanceof ccxt.OrderNotFound) {
        const misses = (((o.raw ?? {}) as { reconcileMisses?: number }).reconcileMisses ?? 0) + 1;
        if (misses >= maxMisses) {
          await db.order.update({ where: { id: o.id }, data: { status: 'REJECTED', lastError: `never reached the exchange (${misses} checks)` } });
          out.rejectedNeverSeen.push(o.clientOrderId);
          await journal(`${o.clientOrderId} never reached the exchange after ${misses} checks: REJECTED`, { orderId: o.id }, o.symbol);
        } else {
          await db.order.update({ where: { id: o.id }, data: { raw: { ...((o.raw ?? {}) as object), reconcileMisses: misses } } });
        }
      } else out.errors.push(`${o.clientOrderId}: ${(e as Error).message.slice(0, 200)}`);
    }
  }

  // 2. what rests on the exchange: adopt ours the database lost, report everyone else's
  for (const symbol of symbols) {
    let open: Awaited<ReturnType<BinanceClient['fetchOpenOrders']>>;
    try { open = await ex.fetchOpenOrders(symbol); } catch (e) { out.errors.push(`${symbol}: ${(e as Error).message.slice(0, 200)}`); continue; }
    for (const x of open) {
      if (!isOurs(x.clientOrderId)) { out.foreign.push({ symbol, id: String(x.id), clientOrderId: x.clientOrderId ?? null }); continue; }
      const known = await db.order.findUnique({ where: { clientOrderId: x.clientOrderId! } });
      if (known && !(known.status === 'REJECTED' && known.lastError?.startsWith('never reached the exchange'))) continue;
      if (known) {
        // given up as never sent, yet resting on the exchange: a request that was still on the
        // wire (a worker paused past its lease, a very slow answer). Tracked again from here
        const to = statusOf(x);
        await db.order.update({ where: { id: known.id }, data: { status: to, exchangeOrderId: x.id ?? null, filledQuantity: x.filled ?? 0, lastError: null } });
        out.updated.push({ clientOrderId: known.clientOrderId, from: known.status, to });
        await journal(`${known.clientOrderId} found open on the exchange after it was given up as never sent: ${to}`, { orderId: known.id, exchangeOrderId: x.id }, symbol);
        continue;
      }
      const suffix = (x.clientOrderId!.split('-').at(-1) ?? '').replace(/^x\d+$/, 'x');
      await db.order.create({ data: {
        accountId, clientOrderId: x.clientOrderId!, exchangeOrderId: x.id ?? null, symbol, side: x.side === 'buy' ? 'BUY' : 'SELL',
        type: x.triggerPrice ? 'STOP_LOSS_LIMIT' : x.type === 'market' ? 'MARKET' : 'LIMIT', purpose: PURPOSE_BY_SUFFIX[suffix] ?? 'ENTRY', status: statusOf(x),
        quantity: x.amount ?? 0, price: x.price ?? null, stopPrice: x.triggerPrice ?? null, filledQuantity: x.filled ?? 0, raw: { adoptedBy: 'reconcile' }, venue: 'EXCHANGE', leaseEpoch: opts.leaseEpoch ?? null,
      } });
      out.adopted.push(x.clientOrderId!);
      await journal(`adopted ${x.clientOrderId} found open on the exchange`, { exchangeOrderId: x.id }, symbol);
    }
  }
  if (out.foreign.length) {
    await raiseAlert(db, { severity: 'WARNING', code: 'FOREIGN_ORDERS', accountId, message: `${out.foreign.length} open order(s) on the exchange were not placed by Sentinel: left alone, their funds are not the bot's`,
      evidence: { orders: out.foreign } }, now());
  }

  // 3. positions that must not go on without a resting stop
  const positions = await db.position.findMany({ where: { accountId, venue: 'EXCHANGE', status: 'OPEN' }, include: { orders: { where: { OR: [
    { purpose: 'STOP', status: { in: ['OPEN', 'PARTIALLY_FILLED'] } },
    // closed on the exchange already (its stop, target or exit filled): settled next, not unprotected
    { purpose: { in: ['STOP', 'TARGET', 'EXIT'] }, status: 'FILLED' },
  ] }, select: { id: true } } } });
  out.unprotectedPositions = positions.filter((p) => p.orders.length === 0).map((p) => p.id);
  if (out.unprotectedPositions.length) await journal(`${out.unprotectedPositions.length} open position(s) without a resting stop: protecting them before any entry`, { positions: out.unprotectedPositions });
  return out;
}
