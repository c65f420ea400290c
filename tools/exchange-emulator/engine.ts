import { decimals, type EmulatorMarket } from './markets';

/**
 * The emulator's matching engine: accounts with free and locked balances, orders as
 * Binance keeps them, and fills from real candles. No HTTP here, no clock of its own: the
 * server calls `advance` with each candle as the market clock reaches it.
 *
 * Price path inside a candle (documented in docs/exchange-emulator.md): a down candle
 * (close < open) goes open → high → low → close, an up candle open → low → high → close.
 * Resting orders are checked along that path: a BUY LIMIT fills when the path reaches its
 * price or below, a SELL LIMIT at its price or above, at the limit price (maker). A stop
 * triggers when the path crosses its stopPrice and then rests as the LIMIT it becomes (it
 * may fill later on the same path). A candle that opens beyond a resting order fills it at
 * the open (a gap). Each order fills at most `maxVolumeShare` of the candle's volume; the
 * rest stays open (PARTIALLY_FILLED). Commission: `feeRate` of what the account receives,
 * in that asset, as Binance charges it without BNB.
 */
export type Side = 'BUY' | 'SELL';
export type OrderType = 'MARKET' | 'LIMIT' | 'LIMIT_MAKER' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT';
export type OrderStatus = 'NEW' | 'PARTIALLY_FILLED' | 'FILLED' | 'CANCELED' | 'EXPIRED' | 'REJECTED';

export interface Fill { price: number; qty: number; commission: number; commissionAsset: string; tradeId: number }

export interface Order {
  symbol: string; orderId: number; orderListId: number; clientOrderId: string; account: string;
  price: number; origQty: number; executedQty: number; cummulativeQuoteQty: number;
  status: OrderStatus; timeInForce: 'GTC' | 'IOC' | 'FOK'; type: OrderType; side: Side; stopPrice: number;
  /** -1 while a stop order waits for its trigger, else when it started working */
  workingTime: number; time: number; updateTime: number;
  /** for stops: whether it has triggered and now rests as a limit */
  isTriggered: boolean;
  fills: Fill[];
}

/** An OCO order list: two legs sharing one reservation of funds; the first leg to trade or trigger expires the other. */
export interface OrderList {
  orderListId: number; listClientOrderId: string; symbol: string; account: string; legs: [Order, Order];
  /** the funds reserved once for the list (BUY: quantity × the higher leg price in quote; SELL: quantity in base) */
  lockAsset: string; lockAmount: number; reservePrice: number;
  listStatusType: 'EXEC_STARTED' | 'ALL_DONE'; listOrderStatus: 'EXECUTING' | 'ALL_DONE' | 'REJECT'; transactionTime: number;
}

export interface OcoLeg { type: 'LIMIT_MAKER' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT'; price: number; stopPrice?: number; timeInForce?: 'GTC' | 'IOC' | 'FOK'; clientOrderId?: string }
export interface NewOco { symbol: string; side: Side; quantity: number; above: OcoLeg; below: OcoLeg; listClientOrderId?: string }

export interface Trade {
  symbol: string; id: number; orderId: number; orderListId: number; price: number; qty: number; quoteQty: number;
  commission: number; commissionAsset: string; time: number; isBuyer: boolean; isMaker: boolean; isBestMatch: boolean; account: string;
}

export interface Account {
  apiKey: string; secret: string;
  balances: Map<string, { free: number; locked: number }>;
  canTrade: boolean; canWithdraw: boolean; enableWithdrawals: boolean;
}

/** An error Binance would send: its code and message (the server maps them to HTTP). */
export class ExchangeError extends Error {
  constructor(readonly code: number, message: string, readonly httpStatus = 400) { super(message); }
}

export interface EngineOptions { feeRate: number; maxVolumeShare: number }

export interface NewOrder {
  symbol: string; side: Side; type: OrderType; quantity?: number; quoteOrderQty?: number; price?: number; stopPrice?: number;
  timeInForce?: 'GTC' | 'IOC' | 'FOK'; newClientOrderId?: string;
}

const round = (x: number, dp: number) => Number(x.toFixed(dp));

export class ExchangeEngine {
  readonly orders = new Map<number, Order>();
  readonly lists = new Map<number, OrderList>();
  readonly trades: Trade[] = [];
  /** per symbol: the last trade price the market clock has reached, and the candle it came from */
  readonly last = new Map<string, { price: number; volume: number; time: number }>();
  private nextOrderId = 1;
  private nextTradeId = 1;
  private nextListId = 1;

  constructor(readonly markets: Map<string, EmulatorMarket>, readonly accounts: Map<string, Account>, readonly opts: EngineOptions = { feeRate: 0.001, maxVolumeShare: 0.1 }) {}

  /** Everything the engine holds, as JSON-safe data (the server saves it so a restart loses nothing). */
  snapshot() {
    return {
      nextOrderId: this.nextOrderId, nextTradeId: this.nextTradeId, nextListId: this.nextListId,
      accounts: [...this.accounts.values()].map((a) => ({ apiKey: a.apiKey, balances: [...a.balances] })),
      orders: [...this.orders.values()], trades: this.trades,
      lists: [...this.lists.values()].map((l) => ({ ...l, legs: l.legs.map((o) => o.orderId) })),
      last: [...this.last],
    };
  }

  restore(snap: ReturnType<ExchangeEngine['snapshot']>) {
    this.nextOrderId = snap.nextOrderId; this.nextTradeId = snap.nextTradeId; this.nextListId = snap.nextListId;
    for (const a of snap.accounts) { const acct = this.accounts.get(a.apiKey); if (acct) acct.balances = new Map(a.balances); }
    this.orders.clear();
    for (const o of snap.orders) this.orders.set(o.orderId, o);
    this.trades.length = 0;
    this.trades.push(...snap.trades);
    this.lists.clear();
    for (const l of snap.lists) this.lists.set(l.orderListId, { ...l, legs: [this.orders.get(l.legs[0]!)!, this.orders.get(l.legs[1]!)!] });
    this.last.clear();
    for (const [k, v] of snap.last) this.last.set(k, v);
  }

  market(symbol: string): EmulatorMarket {
    const m = this.markets.get(symbol);
    if (!m) throw new ExchangeError(-1121, 'Invalid symbol.');
    return m;
  }

  balance(acct: Account, asset: string) {
    let b = acct.balances.get(asset);
    if (!b) { b = { free: 0, locked: 0 }; acct.balances.set(asset, b); }
    return b;
  }

  lastPrice(symbol: string): number {
    const l = this.last.get(symbol);
    if (!l) throw new ExchangeError(-1013, 'Market is closed.');
    return l.price;
  }

  /** The synthesised top of book: one tick either side of the last price. */
  bestBidAsk(symbol: string): { bid: number; ask: number } {
    const m = this.market(symbol);
    const tick = Number(m.rules.tickSize);
    const p = this.lastPrice(symbol);
    return { bid: round(p - tick, decimals(m.rules.tickSize)), ask: round(p + tick, decimals(m.rules.tickSize)) };
  }

  /** Validate against the market's filters as Binance does (-1013 Filter failure: NAME, -1111 precision). */
  private checkFilters(m: EmulatorMarket, o: { type: OrderType; qty: number; price: number; stopPrice: number; isMarket: boolean }) {
    const r = m.rules;
    // on the grid, relative to the number of steps (120 / 0.00001 is 11999999.999999998 in float64)
    const onStep = (x: number, step: string) => { const r = x / Number(step); return Math.abs(r - Math.round(r)) <= 1e-9 * Math.max(1, Math.abs(r)); };
    for (const [name, v] of [['price', o.price], ['stopPrice', o.stopPrice]] as const) {
      if (v === 0) continue;
      if (v < Number(r.minPrice) || v > Number(r.maxPrice) || !onStep(v, r.tickSize)) throw new ExchangeError(-1013, 'Filter failure: PRICE_FILTER');
      if (decimals(String(v)) > 8) throw new ExchangeError(-1111, `Parameter '${name}' has too much precision.`);
    }
    const maxQty = o.isMarket ? Number(r.marketMaxQty) : Number(r.maxQty);
    if (o.qty < Number(r.minQty) || o.qty > maxQty || !onStep(o.qty, r.stepSize)) throw new ExchangeError(-1013, `Filter failure: ${o.isMarket ? 'MARKET_LOT_SIZE' : 'LOT_SIZE'}`);
    const notional = o.qty * (o.isMarket ? this.lastPrice(m.symbol) : o.price);
    if (notional <= 0) throw new ExchangeError(-2010, 'Price * QTY is zero or less.');
    if (notional < Number(r.minNotional) || (!o.isMarket && notional > Number(r.maxNotional))) throw new ExchangeError(-1013, 'Filter failure: NOTIONAL');
  }

  private lock(acct: Account, asset: string, amount: number) {
    const b = this.balance(acct, asset);
    if (b.free + 1e-12 < amount) throw new ExchangeError(-2010, 'Account has insufficient balance for requested action.');
    b.free -= amount;
    b.locked += amount;
  }

  private unlock(acct: Account, asset: string, amount: number) {
    const b = this.balance(acct, asset);
    const x = Math.min(amount, b.locked);
    b.locked -= x;
    b.free += x;
  }

  /** What an open order still holds locked: BUY the quote at its price for the rest, SELL the base. */
  private lockedFor(o: Order): { asset: string; amount: number } {
    const m = this.market(o.symbol);
    if (o.orderListId !== -1) return { asset: m.quote, amount: 0 }; // the list holds the reservation
    const rest = o.origQty - o.executedQty;
    return o.side === 'BUY' ? { asset: m.quote, amount: rest * o.price } : { asset: m.base, amount: rest };
  }

  place(acct: Account, req: NewOrder, now: number): Order {
    if (!acct.canTrade) throw new ExchangeError(-2015, 'Invalid API-key, IP, or permissions for action.', 401);
    const m = this.market(req.symbol);
    const clientOrderId = req.newClientOrderId ?? `emu${this.nextOrderId}`;
    for (const o of this.orders.values()) {
      if (o.account === acct.apiKey && o.clientOrderId === clientOrderId && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED')) throw new ExchangeError(-2010, 'Duplicate order sent.');
    }
    const isMarket = req.type === 'MARKET';
    const need = (v: number | undefined, name: string) => { if (v === undefined || !Number.isFinite(v)) throw new ExchangeError(-1102, `Mandatory parameter '${name}' was not sent, was empty/null, or malformed.`); return v; };
    let qty: number;
    if (isMarket && req.quantity === undefined) {
      const quote = need(req.quoteOrderQty, 'quantity');
      const step = m.rules.stepSize;
      qty = Math.floor(quote / this.lastPrice(m.symbol) / Number(step) + 1e-9) * Number(step);
      qty = round(qty, decimals(step));
    } else qty = need(req.quantity, 'quantity');
    const price = isMarket ? 0 : need(req.price, 'price');
    const isStop = req.type === 'STOP_LOSS_LIMIT' || req.type === 'TAKE_PROFIT_LIMIT';
    const stopPrice = isStop ? need(req.stopPrice, 'stopPrice') : 0;
    if ((req.type === 'LIMIT' || isStop) && !req.timeInForce) need(undefined, 'timeInForce');
    this.checkFilters(m, { type: req.type, qty, price, stopPrice, isMarket });

    const last = this.lastPrice(m.symbol);
    if (isStop && this.isTriggered(req.type, req.side, stopPrice, last)) throw new ExchangeError(-2010, 'Order would trigger immediately.');
    const { bid, ask } = this.bestBidAsk(m.symbol);
    if (req.type === 'LIMIT_MAKER' && ((req.side === 'BUY' && price >= ask) || (req.side === 'SELL' && price <= bid))) {
      throw new ExchangeError(-2010, 'Order would immediately match and take.');
    }
    const o: Order = {
      symbol: m.symbol, orderId: this.nextOrderId++, orderListId: -1, clientOrderId, account: acct.apiKey, price, origQty: qty, executedQty: 0, cummulativeQuoteQty: 0,
      status: 'NEW', timeInForce: req.timeInForce ?? 'GTC', type: req.type, side: req.side, stopPrice, workingTime: isStop ? -1 : now, time: now, updateTime: now,
      isTriggered: false, fills: [],
    };
    if (isMarket) {
      // a market BUY spends quote it must have for the whole quantity at the ask
      if (req.side === 'BUY') { if (this.balance(acct, m.quote).free + 1e-9 < qty * ask) throw new ExchangeError(-2010, 'Account has insufficient balance for requested action.'); }
      else if (this.balance(acct, m.base).free + 1e-12 < qty) throw new ExchangeError(-2010, 'Account has insufficient balance for requested action.');
      this.orders.set(o.orderId, o);
      const cap = this.volumeCap(m.symbol);
      const fillQty = Math.min(qty, cap);
      if (fillQty > 0) this.fill(acct, o, req.side === 'BUY' ? ask : bid, fillQty, false, now, false);
      o.status = o.executedQty >= o.origQty - 1e-12 ? 'FILLED' : 'EXPIRED';
      return o;
    }
    const { asset, amount } = this.lockedFor(o);
    this.lock(acct, asset, amount);
    this.orders.set(o.orderId, o);
    // a plain LIMIT that crosses the book takes liquidity now, at the book's price
    if (req.type === 'LIMIT' && ((req.side === 'BUY' && price >= ask) || (req.side === 'SELL' && price <= bid))) {
      const fillQty = Math.min(qty, this.volumeCap(m.symbol));
      this.fill(acct, o, req.side === 'BUY' ? ask : bid, fillQty, false, now, true);
      if (o.timeInForce !== 'GTC' && o.status !== 'FILLED') this.expire(acct, o, now);
    } else if (o.timeInForce === 'IOC' || o.timeInForce === 'FOK') this.expire(acct, o, now);
    return o;
  }

  private volumeCap(symbol: string): number {
    const l = this.last.get(symbol);
    const m = this.market(symbol);
    const cap = (l?.volume ?? 0) * this.opts.maxVolumeShare;
    return Math.floor(cap / Number(m.rules.stepSize) + 1e-9) * Number(m.rules.stepSize);
  }

  isTriggered(type: OrderType, side: Side, stop: number, price: number): boolean {
    // STOP_LOSS SELL and TAKE_PROFIT BUY fire when the price falls to the stop; the others when it rises to it
    const onFall = (type === 'STOP_LOSS_LIMIT' && side === 'SELL') || (type === 'TAKE_PROFIT_LIMIT' && side === 'BUY');
    return onFall ? price <= stop : price >= stop;
  }

  /** Execute `qty` of `o` at `price`; `wasLocked`: the funds were reserved when it was placed. */
  private fill(acct: Account, o: Order, price: number, qty: number, isMaker: boolean, now: number, wasLocked: boolean) {
    const m = this.market(o.symbol);
    qty = round(Math.min(qty, o.origQty - o.executedQty), decimals(m.rules.stepSize));
    if (qty <= 0) return;
    const quoteQty = qty * price;
    const fee = this.opts.feeRate;
    const base = this.balance(acct, m.base);
    const quote = this.balance(acct, m.quote);
    let commission: number;
    let commissionAsset: string;
    const list = o.orderListId !== -1 ? this.lists.get(o.orderListId) : undefined;
    if (list) {
      // a leg trades: its sibling expires at once (OCO), the funds come out of the list's reservation
      const sibling = list.legs[0] === o ? list.legs[1] : list.legs[0];
      if (sibling.status === 'NEW' || sibling.status === 'PARTIALLY_FILLED') { sibling.status = 'EXPIRED'; sibling.updateTime = now; }
      const reserved = o.side === 'BUY' ? qty * list.reservePrice : qty;
      list.lockAmount -= reserved;
      if (o.side === 'BUY') { quote.locked -= reserved; quote.free += reserved - quoteQty; } else base.locked -= qty;
      wasLocked = false;
    }
    if (o.side === 'BUY') {
      if (list) { /* paid above from the list's reservation */ } else if (wasLocked) { const reserved = qty * o.price; quote.locked -= reserved; quote.free += reserved - quoteQty; } else quote.free -= quoteQty;
      commission = qty * fee; commissionAsset = m.base;
      base.free += qty - commission;
    } else {
      if (list) { /* taken above from the list's reservation */ } else if (wasLocked) base.locked -= qty; else base.free -= qty;
      commission = quoteQty * fee; commissionAsset = m.quote;
      quote.free += quoteQty - commission;
    }
    const tradeId = this.nextTradeId++;
    o.executedQty = round(o.executedQty + qty, decimals(m.rules.stepSize));
    o.cummulativeQuoteQty += quoteQty;
    o.updateTime = now;
    o.status = o.executedQty >= o.origQty - 1e-12 ? 'FILLED' : 'PARTIALLY_FILLED';
    o.fills.push({ price, qty, commission, commissionAsset, tradeId });
    this.trades.push({ symbol: o.symbol, id: tradeId, orderId: o.orderId, orderListId: o.orderListId, price, qty, quoteQty, commission, commissionAsset, time: now,
      isBuyer: o.side === 'BUY', isMaker, isBestMatch: true, account: o.account });
    if (o.status === 'FILLED') this.onDone(o, now);
  }

  private expire(acct: Account, o: Order, now: number) {
    const { asset, amount } = this.lockedFor(o);
    this.unlock(acct, asset, amount);
    o.status = 'EXPIRED';
    o.updateTime = now;
    this.onDone(o, now);
  }

  /** An order is done (filled, expired, cancelled): a list whose legs are all done releases what it still reserves. */
  private onDone(o: Order, now: number) {
    if (o.orderListId === -1) return;
    const list = this.lists.get(o.orderListId)!;
    if (list.legs.some((l) => l.status === 'NEW' || l.status === 'PARTIALLY_FILLED')) return;
    this.unlock(this.accounts.get(list.account)!, list.lockAsset, list.lockAmount);
    list.lockAmount = 0;
    list.listStatusType = 'ALL_DONE';
    list.listOrderStatus = 'ALL_DONE';
    list.transactionTime = now;
  }

  cancel(acct: Account, o: Order, now: number): Order {
    if (o.account !== acct.apiKey || (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED')) throw new ExchangeError(-2011, 'Unknown order sent.');
    if (o.orderListId !== -1) { this.cancelList(acct, this.lists.get(o.orderListId)!, now); return o; }
    const { asset, amount } = this.lockedFor(o);
    this.unlock(acct, asset, amount);
    o.status = 'CANCELED';
    o.updateTime = now;
    return o;
  }

  /** Cancelling a list, or either of its legs, cancels both legs and releases the reservation. */
  cancelList(acct: Account, list: OrderList, now: number): OrderList {
    if (list.account !== acct.apiKey || list.listOrderStatus === 'ALL_DONE') throw new ExchangeError(-2011, 'Unknown order sent.');
    for (const l of list.legs) if (l.status === 'NEW' || l.status === 'PARTIALLY_FILLED') { l.status = 'CANCELED'; l.updateTime = now; }
    this.onDone(list.legs[0], now);
    return list;
  }

  /**
   * An OCO list (POST /api/v3/orderList/oco): two legs on one quantity. SELL: the above leg is
   * the take-profit (LIMIT_MAKER or TAKE_PROFIT_LIMIT) and the below leg the stop
   * (STOP_LOSS_LIMIT); prices must satisfy above > last > below's stop. BUY is the mirror.
   * The quantity is reserved once for the list.
   */
  placeOco(acct: Account, req: NewOco, now: number): OrderList {
    if (!acct.canTrade) throw new ExchangeError(-2015, 'Invalid API-key, IP, or permissions for action.', 401);
    const m = this.market(req.symbol);
    const last = this.lastPrice(m.symbol);
    const trig = (l: OcoLeg) => (l.type === 'LIMIT_MAKER' ? l.price : l.stopPrice ?? NaN);
    const isOk = req.side === 'SELL' ? trig(req.above) > last && last > trig(req.below) : trig(req.above) > last && last > trig(req.below);
    const isShape = req.side === 'SELL'
      ? (req.above.type === 'LIMIT_MAKER' || req.above.type === 'TAKE_PROFIT_LIMIT') && req.below.type === 'STOP_LOSS_LIMIT'
      : req.above.type === 'STOP_LOSS_LIMIT' && (req.below.type === 'LIMIT_MAKER' || req.below.type === 'TAKE_PROFIT_LIMIT');
    if (!isShape || !isOk) throw new ExchangeError(-1013, 'The relationship of the prices for the orders is not correct.');
    for (const l of [req.above, req.below]) {
      if (l.type !== 'LIMIT_MAKER' && (l.stopPrice === undefined || !l.timeInForce)) throw new ExchangeError(-1102, `Mandatory parameter '${l === req.above ? 'above' : 'below'}${l.stopPrice === undefined ? 'StopPrice' : 'TimeInForce'}' was not sent, was empty/null, or malformed.`);
      this.checkFilters(m, { type: l.type, qty: req.quantity, price: l.price, stopPrice: l.stopPrice ?? 0, isMarket: false });
    }
    const reservePrice = Math.max(req.above.price, req.below.price);
    const lockAsset = req.side === 'BUY' ? m.quote : m.base;
    const lockAmount = req.side === 'BUY' ? req.quantity * reservePrice : req.quantity;
    this.lock(acct, lockAsset, lockAmount);
    const orderListId = this.nextListId++;
    const leg = (l: OcoLeg): Order => {
      const isStop = l.type !== 'LIMIT_MAKER';
      const o: Order = {
        symbol: m.symbol, orderId: this.nextOrderId++, orderListId, clientOrderId: l.clientOrderId ?? `emu${this.nextOrderId}`, account: acct.apiKey, price: l.price,
        origQty: req.quantity, executedQty: 0, cummulativeQuoteQty: 0, status: 'NEW', timeInForce: l.timeInForce ?? 'GTC', type: l.type, side: req.side,
        stopPrice: l.stopPrice ?? 0, workingTime: isStop ? -1 : now, time: now, updateTime: now, isTriggered: false, fills: [],
      };
      this.orders.set(o.orderId, o);
      return o;
    };
    const legs: [Order, Order] = req.side === 'SELL' ? [leg(req.below), leg(req.above)] : [leg(req.above), leg(req.below)];
    const list: OrderList = { orderListId, listClientOrderId: req.listClientOrderId ?? `emulist${orderListId}`, symbol: m.symbol, account: acct.apiKey, legs,
      lockAsset, lockAmount, reservePrice, listStatusType: 'EXEC_STARTED', listOrderStatus: 'EXECUTING', transactionTime: now };
    this.lists.set(orderListId, list);
    return list;
  }

  find(acct: Account, symbol: string, q: { orderId?: number; origClientOrderId?: string }): Order | undefined {
    for (const o of this.orders.values()) {
      if (o.account !== acct.apiKey || o.symbol !== symbol) continue;
      if (q.orderId !== undefined ? o.orderId === q.orderId : o.clientOrderId === q.origClientOrderId) return o;
    }
    return undefined;
  }

  openOrders(acct: Account, symbol?: string): Order[] {
    return [...this.orders.values()].filter((o) => o.account === acct.apiKey && (!symbol || o.symbol === symbol) && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'));
  }

  /**
   * The market clock reaches candle `i` of `symbol`: walk its price path, trigger stops,
   * fill resting limits (gaps at the open), then the last price is the close.
   */
  advance(symbol: string, i: number, now: number) {
    const m = this.market(symbol);
    const s = m.series;
    const open = s.open[i]!, high = s.high[i]!, low = s.low[i]!, close = s.close[i]!, volume = s.volume[i]!;
    const path = close < open ? [open, high, low, close] : [open, low, high, close];
    this.last.set(symbol, { price: open, volume, time: s.time[i]! });
    const resting = [...this.orders.values()].filter((o) => o.symbol === symbol && (o.status === 'NEW' || o.status === 'PARTIALLY_FILLED'));
    const capPerOrder = Math.floor((volume * this.opts.maxVolumeShare) / Number(m.rules.stepSize) + 1e-9) * Number(m.rules.stepSize);
    const filledThisCandle = new Map<number, number>();
    for (let k = 0; k < path.length; k++) {
      const from = k === 0 ? path[0]! : path[k - 1]!;
      const to = path[k]!;
      const lo = Math.min(from, to), hi = Math.max(from, to);
      for (const o of resting) {
        if (o.status !== 'NEW' && o.status !== 'PARTIALLY_FILLED') continue;
        const acct = this.accounts.get(o.account)!;
        if ((o.type === 'STOP_LOSS_LIMIT' || o.type === 'TAKE_PROFIT_LIMIT') && !o.isTriggered) {
          const isHit = k === 0 ? this.isTriggered(o.type, o.side, o.stopPrice, to) : o.stopPrice >= lo && o.stopPrice <= hi;
          if (!isHit) continue;
          o.isTriggered = true;
          o.workingTime = now;
          if (o.orderListId !== -1) {
            const list = this.lists.get(o.orderListId)!;
            const sibling = list.legs[0] === o ? list.legs[1] : list.legs[0];
            if (sibling.status === 'NEW' || sibling.status === 'PARTIALLY_FILLED') { sibling.status = 'EXPIRED'; sibling.updateTime = now; }
          }
        }
        // a resting limit: BUY fills where the path is at or below its price, SELL at or above
        const reaches = o.side === 'BUY' ? lo <= o.price : hi >= o.price;
        if (!reaches) continue;
        const gapPrice = k === 0 && (o.side === 'BUY' ? to < o.price : to > o.price) ? to : o.price;
        const room = capPerOrder - (filledThisCandle.get(o.orderId) ?? 0);
        if (room <= 0) continue;
        const before = o.executedQty;
        this.fill(acct, o, gapPrice, Math.min(room, o.origQty - o.executedQty), true, now, true);
        filledThisCandle.set(o.orderId, (filledThisCandle.get(o.orderId) ?? 0) + (o.executedQty - before));
      }
    }
    this.last.set(symbol, { price: close, volume, time: s.time[i]! });
  }
}
