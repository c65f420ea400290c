import ccxt from 'ccxt';
import type { Db } from '@/adapters/db/client';
import type { BinanceClient } from '@/adapters/exchange/binance';
import type { OrderPurpose, OrderSide, OrderStatus, OrderType } from '@/generated/prisma/enums';
import { isFenced, type Fence } from '@/worker/leases/fence';

/**
 * EXECUTE against a real exchange, safe under timeouts, dropped answers and restarts:
 *  1. write-ahead: the order row exists (PENDING_SUBMIT, its deterministic client order id
 *     unique) before any request leaves; a second call for the same client id finds the row
 *     and never sends a second order;
 *  2. the request goes out with no database transaction open;
 *  3. on a definitive refusal (bad order, insufficient funds, bad symbol, auth) the row is
 *     REJECTED with the exchange's message;
 *  4. on anything that leaves the outcome unknown (timeout, connection lost, 5xx, 429/418)
 *     the order is LOOKED UP by its client id first; only an exchange that answers "no such
 *     order" leads to sending it again (same client id), after a backoff with jitter;
 *  5. after `maxAttempts` without certainty the row stays SUBMITTED with the last error:
 *     reconciliation settles it from the exchange's own reports.
 */
export interface SubmitRequest {
  accountId: string;
  clientOrderId: string;
  /** ccxt symbol, e.g. BTC/USDT */
  symbol: string;
  side: 'buy' | 'sell';
  type: 'market' | 'limit';
  amount: number;
  price?: number;
  /** ccxt params: stopLossPrice / takeProfitPrice / postOnly */
  params?: Record<string, unknown>;
  purpose: OrderPurpose;
  positionId?: string | null;
  decisionId?: bigint | null;
  /** kept with the order row (a live entry's plan), never overwritten by the exchange's answer */
  raw?: object;
}

export interface SubmitOptions {
  /** the account's lease: its epoch is written with every send attempt, and checked locally just before the request leaves */
  fence?: Fence;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => Date;
  /** called the moment the exchange acknowledged the order (before it is recorded): B6 measures up to here */
  onAck?: () => void;
  /**
   * The order_submit metric: told of each submission that ended (placed or found, refused,
   * or left unknown or failed, which count as errors) with its whole duration, retries
   * included; never of one found already settled (nothing was sent). `isRejected`: the
   * exchange refused it definitively (the order_rejected metric), as opposed to an outcome
   * left unknown.
   */
  onSubmitted?: (purpose: OrderPurpose, durationUs: number, isError: boolean, isRejected?: boolean) => void;
}

export type SubmitOutcome = 'placed' | 'found' | 'already' | 'rejected' | 'unknown';
export interface SubmitResult { outcome: SubmitOutcome; orderId: string; status: OrderStatus; exchangeOrderId: string | null; attempts: number; error: string | null }

type CcxtOrder = Awaited<ReturnType<BinanceClient['createOrder']>>;

const STATUS: Record<string, OrderStatus> = { open: 'OPEN', closed: 'FILLED', canceled: 'CANCELED', expired: 'EXPIRED', rejected: 'REJECTED' };
const DB_TYPE: Record<string, OrderType> = { market: 'MARKET', limit: 'LIMIT' };

/** The order's status as the exchange reports it, in our state machine's words. */
export function statusOf(o: Pick<CcxtOrder, 'status' | 'filled'>): OrderStatus {
  const s = STATUS[o.status ?? ''] ?? 'SUBMITTED';
  return s === 'OPEN' && (o.filled ?? 0) > 0 ? 'PARTIALLY_FILLED' : s;
}

/** Refusals that sending again cannot change. */
function isDefinitive(e: unknown): boolean {
  return e instanceof ccxt.InvalidOrder || e instanceof ccxt.InsufficientFunds || e instanceof ccxt.BadRequest || e instanceof ccxt.BadSymbol
    || e instanceof ccxt.AuthenticationError || e instanceof ccxt.PermissionDenied;
}

type CcxtTrade = NonNullable<CcxtOrder['trades']>[number];

/**
 * Fill rows for an order from the exchange's trades (the answer that placed it, or
 * fetchMyTrades later): one per exchange trade id, so writing them again with
 * skipDuplicates never counts a fill twice.
 */
export function fillRows(order: { id: string; accountId: string; symbol: string; side: OrderSide }, trades: readonly CcxtTrade[], now: Date) {
  return trades.map((t) => ({
    accountId: order.accountId, orderId: order.id, exchangeTradeId: String(t.id), symbol: order.symbol, side: order.side, quantity: t.amount ?? 0, price: t.price ?? 0,
    fee: t.fee?.cost ?? 0, feeCurrency: t.fee?.currency ?? null, filledAt: new Date(t.timestamp ?? now.getTime()),
  }));
}

const describe = (e: unknown) => `${(e as Error).constructor?.name ?? 'Error'}: ${String((e as Error).message ?? e).slice(0, 300)}`;

async function record(db: Db, orderId: string, o: CcxtOrder, now: Date) {
  const status = statusOf(o);
  // raw keeps what the caller wrote ahead (a live entry's plan: stop, target, risk); the exchange's own report is not stored
  const data = { status, exchangeOrderId: o.id ?? null, filledQuantity: o.filled ?? 0, avgFillPrice: o.average ?? null, submittedAt: now, lastError: null };
  const fills = (o.trades ?? []).filter((t) => t.id && t.amount && t.price);
  // one statement when nothing filled (the common resting order); with fills, the order and its fills together
  if (!fills.length) { await db.order.update({ where: { id: orderId }, data }); return status; }
  await db.$transaction(async (tx) => {
    const row = await tx.order.update({ where: { id: orderId }, data });
    await tx.fill.createMany({ skipDuplicates: true, data: fillRows(row, fills, now) });
  });
  return status;
}

export async function submitOrder(db: Db, ex: BinanceClient, req: SubmitRequest, opts: SubmitOptions = {}): Promise<SubmitResult> {
  if (!opts.onSubmitted) return submit(db, ex, req, opts);
  const started = performance.now();
  const took = () => (performance.now() - started) * 1000;
  let r: SubmitResult;
  try {
    r = await submit(db, ex, req, opts);
  } catch (e) {
    opts.onSubmitted(req.purpose, took(), true, false);
    throw e;
  }
  if (r.outcome !== 'already') opts.onSubmitted(req.purpose, took(), r.outcome === 'rejected' || r.outcome === 'unknown', r.outcome === 'rejected');
  return r;
}

async function submit(db: Db, ex: BinanceClient, req: SubmitRequest, opts: SubmitOptions): Promise<SubmitResult> {
  const maxAttempts = opts.maxAttempts ?? 4;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = opts.random ?? Math.random;
  const now = opts.now ?? (() => new Date());
  const backoff = (attempt: number, e?: unknown) => {
    // exponential with full jitter; a rate-limit answer waits the longest step
    const cap = opts.maxDelayMs ?? 5000;
    const base = (opts.baseDelayMs ?? 200) * 2 ** (attempt - 1);
    return e instanceof ccxt.DDoSProtection ? cap : Math.min(cap, base) * (0.5 + random() / 2);
  };

  // 1. write-ahead (idempotent on the client order id)
  const side: OrderSide = req.side === 'buy' ? 'BUY' : 'SELL';
  const existing = await db.order.findUnique({ where: { clientOrderId: req.clientOrderId } });
  if (existing && existing.status !== 'PENDING_SUBMIT' && existing.status !== 'SUBMITTED') {
    return { outcome: 'already', orderId: existing.id, status: existing.status, exchangeOrderId: existing.exchangeOrderId, attempts: 0, error: null };
  }
  const row = existing ?? await db.order.create({ data: {
    accountId: req.accountId, clientOrderId: req.clientOrderId, symbol: req.symbol, side, type: DB_TYPE[req.type]!, purpose: req.purpose, status: 'PENDING_SUBMIT',
    quantity: req.amount, price: req.price ?? null, stopPrice: (req.params?.['stopLossPrice'] ?? req.params?.['takeProfitPrice'] ?? null) as number | null,
    positionId: req.positionId ?? null, decisionId: req.decisionId ?? null, venue: 'EXCHANGE', ...(req.raw ? { raw: req.raw } : {}), leaseEpoch: opts.fence?.epoch ?? null,
  } });

  let lastError: string | null = null;
  // a row already SUBMITTED (a restart after the request left): look it up before anything else
  let mustLookUp = existing?.status === 'SUBMITTED';
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (mustLookUp) {
      try {
        const found = await ex.fetchOrder(undefined as unknown as string, req.symbol, { origClientOrderId: req.clientOrderId });
        const status = await record(db, row.id, found, now());
        return { outcome: 'found', orderId: row.id, status, exchangeOrderId: found.id ?? null, attempts: attempt, error: null };
      } catch (e) {
        if (!(e instanceof ccxt.OrderNotFound)) {
          lastError = describe(e);
          await sleep(backoff(attempt, e));
          continue; // still unknown: look again, never send blind
        }
        // OrderNotFound: the exchange never saw it, so sending (below) is safe
      }
    }
    try {
      // fenced twice: PostgreSQL refuses this write from a stale epoch, and the local deadline is checked last
      await db.order.update({ where: { id: row.id }, data: { status: 'SUBMITTED', submittedAt: now(), ...(opts.fence ? { leaseEpoch: opts.fence.epoch } : {}) } });
      opts.fence?.assertHeld();
      const placed = await ex.createOrder(req.symbol, req.type, req.side, req.amount, req.price, { ...req.params, clientOrderId: req.clientOrderId });
      opts.onAck?.();
      const status = await record(db, row.id, placed, now());
      return { outcome: 'placed', orderId: row.id, status, exchangeOrderId: placed.id ?? null, attempts: attempt, error: null };
    } catch (e) {
      if (isFenced(e)) throw e; // not this worker's account any more: the new owner reconciles the row
      lastError = describe(e);
      if (e instanceof ccxt.InvalidOrder && /Duplicate order sent/i.test((e as Error).message)) { mustLookUp = true; continue; }
      if (isDefinitive(e)) {
        await db.order.update({ where: { id: row.id }, data: { status: 'REJECTED', lastError } });
        return { outcome: 'rejected', orderId: row.id, status: 'REJECTED', exchangeOrderId: null, attempts: attempt, error: lastError };
      }
      // timeout, connection, 5xx, 429/418: the order may or may not exist
      mustLookUp = true;
      await sleep(backoff(attempt, e));
    }
  }
  await db.order.update({ where: { id: row.id }, data: { status: 'SUBMITTED', lastError: `outcome unknown after ${maxAttempts} attempts: ${lastError}` } });
  return { outcome: 'unknown', orderId: row.id, status: 'SUBMITTED', exchangeOrderId: null, attempts: maxAttempts, error: lastError };
}
