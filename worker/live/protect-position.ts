import ccxt from 'ccxt';
import type { Db } from '@/adapters/db/client';
import type { BinanceClient } from '@/adapters/exchange/binance';
import { raiseAlert } from '@/adapters/repo/alerts';
import { legOrderIdFor } from '@/domain/orders/client-order-id';
import { statusOf, submitOrder, type SubmitOptions } from './submit-order';
import { isFenced } from '@/worker/leases/fence';
import { loadMarketsAfresh } from '@/adapters/exchange/load-markets';

/**
 * Exchange-native protection for a filled entry: the stop and the target rest ON THE
 * EXCHANGE as one OCO list (one cancels the other), so the position stays protected while
 * the worker is down. Same discipline as submitOrder: both leg rows are written first
 * (deterministic client ids from the decision: -sl, -tp; the list -oco), the request is
 * sent with no transaction open, an unknown outcome is settled by looking the stop leg up
 * by its client id before ever sending again. Then the stop is READ BACK from the exchange
 * (open, right quantity, right trigger). If the stop cannot be placed or verified, the
 * position is closed at market (client id -x) and a critical alert is raised: a position
 * never stays without its stop.
 */
export interface ProtectRequest {
  accountId: string;
  positionId: string;
  decisionId: bigint;
  /** ccxt symbol (BTC/USDT) and the exchange's market id (BTCUSDT) */
  symbol: string;
  marketId: string;
  quantity: number;
  stopPrice: number;
  /** the stop leg's limit price (a little below the trigger, so it fills in a fall) */
  stopLimitPrice: number;
  targetPrice: number;
}

export type ProtectOutcome = 'protected' | 'closed' | 'unprotected';
export interface ProtectResult { outcome: ProtectOutcome; attempts: number; error: string | null; stopExchangeId: string | null }

const describe = (e: unknown) => `${(e as Error).constructor?.name ?? 'Error'}: ${String((e as Error).message ?? e).slice(0, 300)}`;

export async function protectPosition(db: Db, ex: BinanceClient, req: ProtectRequest, opts: SubmitOptions & { now?: () => Date } = {}): Promise<ProtectResult> {
  const started = performance.now();
  const maxAttempts = opts.maxAttempts ?? 4;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? (() => new Date());
  const delay = (attempt: number) => Math.min(opts.maxDelayMs ?? 5000, (opts.baseDelayMs ?? 200) * 2 ** (attempt - 1));
  const sl = legOrderIdFor(req.decisionId, 'sl');
  const tp = legOrderIdFor(req.decisionId, 'tp');
  const list = `${legOrderIdFor(req.decisionId, 'x').slice(0, -2)}-oco`;

  // 1. write-ahead: both legs exist before the request leaves (idempotent on their client ids)
  for (const [clientOrderId, purpose, type, price, stopPrice] of [
    [sl, 'STOP', 'STOP_LOSS_LIMIT', req.stopLimitPrice, req.stopPrice], [tp, 'TARGET', 'LIMIT_MAKER', req.targetPrice, null],
  ] as const) {
    await db.order.upsert({
      where: { clientOrderId }, update: {},
      create: { accountId: req.accountId, clientOrderId, symbol: req.symbol, side: 'SELL', type, purpose, status: 'PENDING_SUBMIT', quantity: req.quantity,
        price, stopPrice, positionId: req.positionId, decisionId: req.decisionId, venue: 'EXCHANGE', leaseEpoch: opts.fence?.epoch ?? null },
    });
  }

  // the raw OCO call takes text: the market's own precision (ccxt's rounding, never exponent
  // notation or float noise such as 42599.529999999999, which Binance refuses with -1111);
  // the markets are loaded inside the attempt below, so an unreachable exchange is retried
  const price = (x: number) => ex.priceToPrecision(req.symbol, x);
  const amount = (x: number) => ex.amountToPrecision(req.symbol, x);
  let lastError: string | null = null;
  let mustLookUp = (await db.order.findUniqueOrThrow({ where: { clientOrderId: sl } })).status !== 'PENDING_SUBMIT';
  let stopId: string | null = null;
  let attempts = 0;
  // the exchange refused the pair outright (the order_rejected metric), as opposed to leaving it unknown
  let isRefused = false;
  for (let attempt = 1; attempt <= maxAttempts && stopId === null; attempt++) {
    attempts = attempt;
    if (mustLookUp) {
      try {
        const found = await ex.fetchOrder(undefined as unknown as string, req.symbol, { origClientOrderId: sl });
        stopId = found.id ?? null;
        break;
      } catch (e) {
        if (!(e instanceof ccxt.OrderNotFound)) { lastError = describe(e); await sleep(delay(attempt)); continue; }
        // never seen by the exchange: sending is safe
      }
    }
    try {
      await loadMarketsAfresh(ex);
      await db.order.updateMany({ where: { clientOrderId: { in: [sl, tp] }, status: 'PENDING_SUBMIT' }, data: { status: 'SUBMITTED', submittedAt: now(), ...(opts.fence ? { leaseEpoch: opts.fence.epoch } : {}) } });
      opts.fence?.assertHeld();
      const r = await ex.privatePostOrderListOco({
        symbol: req.marketId, side: 'SELL', quantity: amount(req.quantity), listClientOrderId: list,
        aboveType: 'LIMIT_MAKER', abovePrice: price(req.targetPrice), aboveClientOrderId: tp,
        belowType: 'STOP_LOSS_LIMIT', belowStopPrice: price(req.stopPrice), belowPrice: price(req.stopLimitPrice), belowTimeInForce: 'GTC', belowClientOrderId: sl,
      }) as { orderReports?: { clientOrderId: string; orderId: number }[] };
      stopId = String(r.orderReports?.find((o) => o.clientOrderId === sl)?.orderId ?? '') || null;
      if (!stopId) mustLookUp = true;
    } catch (e) {
      if (isFenced(e)) throw e;
      lastError = describe(e);
      if (e instanceof ccxt.InvalidOrder || e instanceof ccxt.InsufficientFunds || e instanceof ccxt.BadRequest || e instanceof ccxt.BadSymbol) { isRefused = true; break; } // definitive
      mustLookUp = true;
      await sleep(delay(attempt));
    }
  }

  // 2. read the stop back: it must rest on the exchange, open, for our quantity and trigger
  if (stopId !== null) {
    try {
      const stop = await ex.fetchOrder(stopId, req.symbol);
      const target = await ex.fetchOrder(undefined as unknown as string, req.symbol, { origClientOrderId: tp });
      // compared with what was sent: the quantity and trigger at the market's precision
      const isRight = stop.status === 'open' && Math.abs((stop.amount ?? 0) - Number(amount(req.quantity))) < 1e-12
        && Math.abs((stop.triggerPrice ?? stop.stopPrice ?? 0) - Number(price(req.stopPrice))) < 1e-9;
      if (isRight) {
        await db.$transaction(async (tx) => {
          await tx.order.update({ where: { clientOrderId: sl }, data: { status: statusOf(stop) === 'OPEN' ? 'OPEN' : statusOf(stop), exchangeOrderId: stop.id ?? null, lastError: null } });
          await tx.order.update({ where: { clientOrderId: tp }, data: { status: statusOf(target), exchangeOrderId: target.id ?? null, lastError: null } });
          await tx.journalEntry.create({ data: { accountId: req.accountId, at: now(), kind: 'ORDER', symbol: req.symbol,
            message: `stop ${req.stopPrice} and target ${req.targetPrice} resting on the exchange for ${req.quantity} ${req.symbol} (verified by reading them back)`,
            details: { positionId: req.positionId, stopOrderId: stop.id, targetOrderId: target.id, listClientOrderId: list } } });
        });
        opts.onSubmitted?.('STOP', (performance.now() - started) * 1000, false);
        return { outcome: 'protected', attempts, error: null, stopExchangeId: stop.id ?? null };
      }
      lastError = `read back: stop ${stop.status} for ${stop.amount} at ${stop.triggerPrice ?? stop.stopPrice}, expected open for ${req.quantity} at ${req.stopPrice}`;
    } catch (e) {
      lastError = `read back failed: ${describe(e)}`;
    }
  }

  // the OCO pair is the STOP submission of the order_submit metric: failed here, the exit below counts as its own
  opts.onSubmitted?.('STOP', (performance.now() - started) * 1000, true, isRefused);
  // 3. no verified stop: close the position at market and raise a critical alert. A pair that
  // reached the exchange but failed the read-back is cancelled first (it holds the base the
  // market sell needs); cancelling one leg cancels both
  // A pair whose cancel failed for want of an answer may still rest on the exchange: its legs
  // stay SUBMITTED, so reconciliation looks them up and records what became of them (marked
  // REJECTED, a later fill of that stop would never reach the books)
  let isPairMaybeLive = false;
  if (stopId !== null || mustLookUp) {
    try {
      await ex.cancelOrder(stopId ?? (undefined as unknown as string), req.symbol, stopId ? {} : { origClientOrderId: sl });
      await db.order.updateMany({ where: { clientOrderId: { in: [sl, tp] } }, data: { status: 'CANCELED', lastError } });
    } catch (e) {
      if (!(e instanceof ccxt.OrderNotFound)) {
        lastError = `${lastError}; cancelling the unverified pair failed: ${describe(e)}`;
        isPairMaybeLive = true;
      }
    }
  }
  await db.order.updateMany({ where: { clientOrderId: { in: [sl, tp] }, status: { in: ['PENDING_SUBMIT', 'SUBMITTED'] } },
    data: isPairMaybeLive ? { lastError } : { status: 'REJECTED', lastError } });
  const exit = await submitOrder(db, ex, {
    accountId: req.accountId, clientOrderId: legOrderIdFor(req.decisionId, 'x'), symbol: req.symbol, side: 'sell', type: 'market', amount: req.quantity,
    purpose: 'EXIT', positionId: req.positionId, decisionId: req.decisionId,
  }, opts);
  const isClosed = exit.outcome === 'placed' || exit.outcome === 'found' || (exit.outcome === 'already' && (exit.status === 'FILLED' || exit.status === 'OPEN'));
  await db.$transaction(async (tx) => {
    if (isClosed) await tx.position.updateMany({ where: { id: req.positionId, status: 'OPEN' }, data: { status: 'CLOSING', exitReason: 'MANUAL' } });
    await raiseAlert(tx, {
      severity: 'CRITICAL', code: 'STOP_NOT_PLACED', accountId: req.accountId, dedupKey: `${req.accountId}:STOP_NOT_PLACED:${req.positionId}`,
      message: `the stop for ${req.quantity} ${req.symbol} could not be placed on the exchange (${lastError ?? 'unknown'}): ${isClosed ? 'the position was closed at market' : 'CLOSING AT MARKET FAILED TOO — act now'}`,
      evidence: { positionId: req.positionId, stopClientOrderId: sl, exit: { ...exit } },
    }, now());
    await tx.journalEntry.create({ data: { accountId: req.accountId, at: now(), kind: 'SYSTEM', symbol: req.symbol,
      message: `stop not placed (${lastError ?? 'unknown'}): ${isClosed ? 'closed at market' : 'market close failed'}`, details: { positionId: req.positionId, exit: { ...exit } } } });
  });
  return { outcome: isClosed ? 'closed' : 'unprotected', attempts, error: lastError, stopExchangeId: null };
}
