import { createHmac, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExchangeEngine, ExchangeError, type Account, type NewOrder, type Order, type OrderList, type OrderType, type Side } from './engine';
import { Faults, faultsBody } from './faults';
import { decimals, type EmulatorMarket } from './markets';

/**
 * A Binance-spot REST server on 127.0.0.1 over the matching engine: the endpoints ccxt's
 * `binance` class calls (docs/exchange-emulator.md), with Binance's signing, timestamp
 * window, request weights and error shapes. The market clock is separate from the HTTP
 * clock: `serverTime` is wall time (signatures and recvWindow work as on the exchange),
 * while prices move one candle per `step` (tests), or `speed` × wall time (npm run emulator).
 */
export interface EmulatorAccount { apiKey: string; secret: string; balances: Record<string, number>; canTrade?: boolean; enableWithdrawals?: boolean }

export interface EmulatorOptions {
  markets: EmulatorMarket[];
  accounts: EmulatorAccount[];
  port?: number;
  /** the market clock starts at the first candle at or after this time (ms); earlier candles are history */
  start?: number;
  /** candle time per wall time; 0 = stepped only (tests) */
  speed?: number;
  feeRate?: number;
  maxVolumeShare?: number;
  /** request weight allowed per minute (Binance: 6,000) */
  weightPerMinute?: number;
  /** a JSON file the state is saved to after every change and loaded from at start: a restart loses nothing */
  statePath?: string;
  now?: () => number;
}

const f8 = (x: number) => x.toFixed(8);
const INTERVALS: Record<string, number> = { '1m': 60_000, '3m': 180_000, '5m': 300_000, '15m': 900_000, '30m': 1_800_000, '1h': 3_600_000, '2h': 7_200_000, '4h': 14_400_000, '6h': 21_600_000, '8h': 28_800_000, '12h': 43_200_000, '1d': 86_400_000 };

export class ExchangeEmulator {
  readonly engine: ExchangeEngine;
  private server?: http.Server;
  /** per market: index of the last candle the clock has reached */
  private readonly cursor = new Map<string, number>();
  private marketTime = 0;
  private timer?: NodeJS.Timeout;
  private weight = { minute: 0, used: 0 };
  private readonly now: () => number;
  readonly faults = new Faults();
  /** after a 429, until when a caller must wait; calling anyway earns a 418 ban */
  private retryAfterUntil = 0;
  private bannedUntil = 0;
  private port = 0;
  url = '';

  constructor(private readonly o: EmulatorOptions) {
    this.now = o.now ?? Date.now;
    const markets = new Map(o.markets.map((m) => [m.symbol, m]));
    const accounts = new Map(o.accounts.map((a): [string, Account] => [a.apiKey, {
      apiKey: a.apiKey, secret: a.secret, balances: new Map(Object.entries(a.balances).map(([k, v]) => [k, { free: v, locked: 0 }])),
      canTrade: a.canTrade ?? true, canWithdraw: a.enableWithdrawals ?? false, enableWithdrawals: a.enableWithdrawals ?? false,
    }]));
    this.engine = new ExchangeEngine(markets, accounts, { feeRate: o.feeRate ?? 0.001, maxVolumeShare: o.maxVolumeShare ?? 0.1 });
    // the clock starts at `start`: the candle before it is the last known price
    const start = o.start ?? Math.min(...o.markets.map((m) => m.series.time[Math.min(m.series.length - 1, 1000)]!));
    for (const m of o.markets) {
      let i = 0;
      while (i + 1 < m.series.length && m.series.time[i + 1]! < start) i++;
      this.cursor.set(m.symbol, i);
      this.engine.last.set(m.symbol, { price: m.series.close[i]!, volume: m.series.volume[i]!, time: m.series.time[i]! });
      this.marketTime = Math.max(this.marketTime, m.series.time[i]!);
    }
    if (o.statePath && fs.existsSync(o.statePath)) {
      const saved = JSON.parse(fs.readFileSync(o.statePath, 'utf8')) as { cursor: [string, number][]; marketTime: number; engine: ReturnType<ExchangeEngine['snapshot']> };
      for (const [k, v] of saved.cursor) if (this.cursor.has(k)) this.cursor.set(k, v);
      this.marketTime = saved.marketTime;
      this.engine.restore(saved.engine);
    }
  }

  /** Write the state (atomically: a temp file renamed over the old one). */
  private save() {
    if (!this.o.statePath) return;
    const tmp = `${this.o.statePath}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ cursor: [...this.cursor], marketTime: this.marketTime, engine: this.engine.snapshot() }));
    fs.renameSync(tmp, this.o.statePath);
  }

  /** Open time of the last candle the market clock has reached. */
  get clock(): number { return this.marketTime; }

  /** Advance the market clock by `n` candle times (the earliest next candle over all markets each time). */
  step(n = 1): number {
    if (this.faults.isStale) return this.marketTime; // a stale feed: the clock stands still
    this.stepInner(n);
    this.save();
    return this.marketTime;
  }

  private stepInner(n: number): number {
    for (let k = 0; k < n; k++) {
      let next = Infinity;
      for (const m of this.o.markets) { const i = this.cursor.get(m.symbol)! + 1; if (i < m.series.length) next = Math.min(next, m.series.time[i]!); }
      if (next === Infinity) return this.marketTime;
      for (const m of this.o.markets) {
        const i = this.cursor.get(m.symbol)! + 1;
        if (i < m.series.length && m.series.time[i] === next) { this.cursor.set(m.symbol, i); this.engine.advance(m.symbol, i, this.now()); }
      }
      this.marketTime = next;
    }
    return this.marketTime;
  }

  async listen(): Promise<string> {
    await this.open(this.o.port ?? 0);
    this.url = `http://127.0.0.1:${this.port}`;
    if (this.o.speed && this.o.speed > 0) {
      const tf = Math.min(...this.o.markets.map((m) => m.timeframeMs));
      let debt = 0;
      let lastWall = this.now();
      this.timer = setInterval(() => {
        const wall = this.now();
        debt += (wall - lastWall) * this.o.speed!;
        lastWall = wall;
        const n = Math.floor(debt / tf);
        if (n > 0) { debt -= n * tf; this.step(n); }
      }, 100);
    }
    return this.url;
  }

  private async open(port: number) {
    this.server = http.createServer((req, res) => { void this.handle(req, res); });
    await new Promise<void>((resolve, reject) => { this.server!.once('error', reject); this.server!.listen(port, '127.0.0.1', resolve); });
    this.port = (this.server.address() as AddressInfo).port;
  }

  private async shut() {
    const srv = this.server;
    this.server = undefined;
    if (srv) await new Promise<void>((resolve) => { srv.closeAllConnections(); srv.close(() => resolve()); });
  }

  /** No more faults, and any 429 window or 418 ban lifted. */
  clearFaults() {
    this.faults.clear();
    this.retryAfterUntil = 0;
    this.bannedUntil = 0;
  }

  /** Connection refused for `ms`, then the same port again (a fault). */
  private refuse(ms: number) {
    void this.shut().then(() => setTimeout(() => { void this.open(this.port); }, ms));
  }

  async close() {
    if (this.timer) clearInterval(this.timer);
    await this.shut();
    this.save();
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'x-mbx-used-weight-1m': String(this.weight.used), ...headers });
    res.end(JSON.stringify(body));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = req.method === 'POST' || req.method === 'PUT' || req.method === 'DELETE' ? await readBody(req) : '';
    const params = new URLSearchParams(url.search.slice(1));
    for (const [k, v] of new URLSearchParams(body)) params.append(k, v);
    try {
      const route = `${req.method} ${url.pathname}`;
      if (route === 'POST /emulator/faults') { this.faults.set(faultsBody.parse(JSON.parse(body || '{}'))); return this.send(res, 200, { ok: true }); }
      if (route === 'DELETE /emulator/faults') { this.clearFaults(); return this.send(res, 200, { ok: true }); }
      if (!url.pathname.startsWith('/emulator/')) {
        const now = this.now();
        if (now < this.bannedUntil) return this.send(res, 418, { code: -1003, msg: `Way too much request weight used; IP banned until ${this.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.` }, { 'retry-after': String(Math.ceil((this.bannedUntil - now) / 1000)) });
        if (now < this.retryAfterUntil) {
          // called again during Retry-After: Binance bans the IP (2 minutes for a first offence)
          this.bannedUntil = now + 120_000;
          return this.send(res, 418, { code: -1003, msg: `Way too much request weight used; IP banned until ${this.bannedUntil}. Please use WebSocket Streams for live updates to avoid bans.` }, { 'retry-after': '120' });
        }
        const fault = this.faults.take(route);
        if (fault) {
          switch (fault.kind) {
            case 'latency': await new Promise((r) => setTimeout(r, fault.ms ?? 1000)); break;
            case 'timeout': return; // never answered: the client's timeout fires
            case 'http5xx': return this.send(res, 503, { code: -1001, msg: 'Internal error; unable to process your request. Please try again.' });
            case 'rate429': {
              const secs = Math.max(1, Math.round((fault.ms ?? 2000) / 1000));
              this.retryAfterUntil = now + secs * 1000;
              return this.send(res, 429, { code: -1003, msg: 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.' }, { 'retry-after': String(secs) });
            }
            case 'refuse': req.socket.destroy(); this.refuse(fault.ms ?? 1000); return;
            case 'rejectOrder': if (route === 'POST /api/v3/order') return this.send(res, 400, { code: -2010, msg: 'Order was rejected.' }); break;
            case 'dropResponse': {
              // the request is carried out, the answer never arrives
              await this.route(route, params, req, url.search.slice(1), body).catch(() => undefined);
              this.save();
              req.socket.destroy();
              return;
            }
            case 'staleFeed': break;
          }
        }
      }
      const weight = WEIGHTS[route] ?? 1;
      if (!url.pathname.startsWith('/emulator/') && !this.chargeWeight(route === 'GET /api/v3/depth' ? depthWeight(Number(params.get('limit') ?? 100)) : weight)) {
        // until the next minute; calling again before then earns a 418 ban (see above)
        const secs = 60 - Math.floor((this.now() % 60_000) / 1000);
        this.retryAfterUntil = this.now() + secs * 1000;
        return this.send(res, 429, { code: -1003, msg: `Too much request weight used; current limit is ${this.o.weightPerMinute ?? 6000} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.` }, { 'retry-after': String(secs) });
      }
      const out = await this.route(route, params, req, url.search.slice(1), body);
      if (req.method !== 'GET') this.save();
      this.send(res, 200, out);
    } catch (e) {
      if (e instanceof ExchangeError) return this.send(res, e.httpStatus, { code: e.code, msg: e.message });
      this.send(res, 500, { code: -1000, msg: `An unknown error occurred while processing the request. ${(e as Error).message}` });
    }
  }

  private chargeWeight(w: number): boolean {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.weight.minute) this.weight = { minute, used: 0 };
    this.weight.used += w;
    return this.weight.used <= (this.o.weightPerMinute ?? 6000);
  }

  /** Binance's signed-request checks, in its order: key, timestamp window, signature. */
  private auth(req: http.IncomingMessage, params: URLSearchParams, query: string, body: string): Account {
    const key = req.headers['x-mbx-apikey'];
    if (typeof key !== 'string' || !/^[A-Za-z0-9]{8,128}$/.test(key)) throw new ExchangeError(-2014, 'API-key format invalid.', 401);
    const acct = this.engine.accounts.get(key);
    if (!acct) throw new ExchangeError(-2015, 'Invalid API-key, IP, or permissions for action.', 401);
    const ts = Number(params.get('timestamp'));
    if (!params.get('timestamp') || !Number.isFinite(ts)) throw new ExchangeError(-1102, "Mandatory parameter 'timestamp' was not sent, was empty/null, or malformed.");
    const recv = Number(params.get('recvWindow') ?? 5000);
    if (!(recv > 0 && recv <= 60_000)) throw new ExchangeError(-1131, 'recvWindow must be less than 60000');
    const server = this.now();
    if (!(ts < server + 1000 && server - ts <= recv)) throw new ExchangeError(-1021, 'Timestamp for this request is outside of the recvWindow.');
    const sig = params.get('signature') ?? '';
    const payload = `${stripSignature(query)}${stripSignature(body)}`;
    const want = createHmac('sha256', acct.secret).update(payload).digest('hex');
    const got = Buffer.from(sig.toLowerCase());
    if (got.length !== want.length || !timingSafeEqual(got, Buffer.from(want))) throw new ExchangeError(-1022, 'Signature for this request is not valid.');
    return acct;
  }

  private async route(route: string, p: URLSearchParams, req: http.IncomingMessage, query: string, body: string): Promise<unknown> {
    const e = this.engine;
    const need = (k: string) => { const v = p.get(k); if (v === null || v === '') throw new ExchangeError(-1102, `Mandatory parameter '${k}' was not sent, was empty/null, or malformed.`); return v; };
    const num = (k: string) => { const v = p.get(k); return v === null || v === '' ? undefined : Number(v); };
    switch (route) {
      case 'GET /api/v3/ping': return {};
      case 'GET /api/v3/time': return { serverTime: this.now() };
      case 'GET /api/v3/exchangeInfo': return this.exchangeInfo();
      case 'GET /api/v3/klines': return this.klines(need('symbol'), need('interval'), num('limit') ?? 500, num('startTime'), num('endTime'));
      case 'GET /api/v3/depth': return this.depth(need('symbol'), num('limit') ?? 100);
      case 'GET /api/v3/ticker/24hr': {
        const one = p.get('symbol');
        if (one) return this.ticker(one);
        const many = p.get('symbols');
        const list = many ? (JSON.parse(many) as string[]) : [...e.markets.keys()];
        return list.map((s) => this.ticker(s));
      }
      case 'GET /api/v3/account': {
        const a = this.auth(req, p, query, body);
        return {
          makerCommission: 10, takerCommission: 10, buyerCommission: 0, sellerCommission: 0,
          commissionRates: { maker: f8(e.opts.feeRate), taker: f8(e.opts.feeRate), buyer: f8(0), seller: f8(0) },
          canTrade: a.canTrade, canWithdraw: a.canWithdraw, canDeposit: true, brokered: false, requireSelfTradePrevention: false, preventSor: false,
          updateTime: this.now(), accountType: 'SPOT', balances: [...a.balances].map(([asset, b]) => ({ asset, free: f8(b.free), locked: f8(b.locked) })),
          permissions: ['SPOT'], uid: 1,
        };
      }
      case 'GET /sapi/v1/account/apiRestrictions': {
        const a = this.auth(req, p, query, body);
        return { ipRestrict: false, createTime: 1700000000000, enableReading: true, enableWithdrawals: a.enableWithdrawals, enableInternalTransfer: false,
          enableMargin: false, enableFutures: false, permitsUniversalTransfer: false, enableVanillaOptions: false, enableFixApiTrade: false, enableFixReadOnly: false,
          enableSpotAndMarginTrading: a.canTrade, enablePortfolioMarginTrading: false };
      }
      case 'POST /api/v3/order': {
        const a = this.auth(req, p, query, body);
        const symbol = need('symbol');
        const side = need('side') as Side;
        const type = need('type') as OrderType;
        if (side !== 'BUY' && side !== 'SELL') throw new ExchangeError(-1102, "Mandatory parameter 'side' was not sent, was empty/null, or malformed.");
        if (!['MARKET', 'LIMIT', 'LIMIT_MAKER', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'].includes(type)) throw new ExchangeError(-1116, 'Invalid orderType.');
        const r: NewOrder = { symbol, side, type, quantity: num('quantity'), quoteOrderQty: num('quoteOrderQty'), price: num('price'), stopPrice: num('stopPrice'),
          timeInForce: (p.get('timeInForce') ?? undefined) as NewOrder['timeInForce'], newClientOrderId: p.get('newClientOrderId') ?? undefined };
        const o = e.place(a, r, this.now());
        return this.orderJson(o, { transact: true, full: (p.get('newOrderRespType') ?? (type === 'MARKET' || type === 'LIMIT' ? 'FULL' : 'ACK')) === 'FULL' });
      }
      case 'GET /api/v3/order': {
        const a = this.auth(req, p, query, body);
        const o = this.lookup(a, need('symbol'), p);
        if (!o) throw new ExchangeError(-2013, 'Order does not exist.');
        return this.orderJson(o, {});
      }
      case 'DELETE /api/v3/order': {
        const a = this.auth(req, p, query, body);
        const o = this.lookup(a, need('symbol'), p);
        if (!o) throw new ExchangeError(-2011, 'Unknown order sent.');
        e.cancel(a, o, this.now());
        return { ...this.orderJson(o, { transact: true }), origClientOrderId: o.clientOrderId, clientOrderId: p.get('newClientOrderId') ?? `cancel-${o.orderId}` };
      }
      case 'GET /api/v3/openOrders': {
        const a = this.auth(req, p, query, body);
        const symbol = p.get('symbol') ?? undefined;
        if (symbol) e.market(symbol);
        return e.openOrders(a, symbol).map((o) => this.orderJson(o, {}));
      }
      case 'DELETE /api/v3/openOrders': {
        const a = this.auth(req, p, query, body);
        const symbol = need('symbol');
        e.market(symbol);
        const open = e.openOrders(a, symbol);
        if (open.length === 0) throw new ExchangeError(-2011, 'Unknown order sent.');
        // single orders as cancel replies, then one list object per open OCO (as Binance answers)
        const out: unknown[] = [];
        const lists = new Set<number>();
        for (const o of open) {
          if (o.orderListId !== -1) { lists.add(o.orderListId); continue; }
          e.cancel(a, o, this.now());
          out.push({ ...this.orderJson(o, { transact: true }), origClientOrderId: o.clientOrderId, clientOrderId: `cancel-${o.orderId}` });
        }
        for (const id of lists) out.push(this.listJson(e.cancelList(a, e.lists.get(id)!, this.now())));
        return out;
      }
      case 'GET /api/v3/myTrades': {
        const a = this.auth(req, p, query, body);
        const symbol = need('symbol');
        e.market(symbol);
        const from = num('startTime') ?? 0, to = num('endTime') ?? Infinity, orderId = num('orderId');
        const limit = Math.min(num('limit') ?? 500, 1000);
        return e.trades.filter((t) => t.account === a.apiKey && t.symbol === symbol && t.time >= from && t.time <= to && (orderId === undefined || t.orderId === orderId))
          .slice(-limit).map((t) => ({ symbol: t.symbol, id: t.id, orderId: t.orderId, orderListId: t.orderListId, price: f8(t.price), qty: f8(t.qty), quoteQty: f8(t.quoteQty),
            commission: f8(t.commission), commissionAsset: t.commissionAsset, time: t.time, isBuyer: t.isBuyer, isMaker: t.isMaker, isBestMatch: t.isBestMatch }));
      }
      case 'POST /api/v3/orderList/oco': {
        const a = this.auth(req, p, query, body);
        const leg = (side: 'above' | 'below') => ({
          type: need(`${side}Type`) as 'LIMIT_MAKER' | 'STOP_LOSS_LIMIT' | 'TAKE_PROFIT_LIMIT', price: Number(need(`${side}Price`)), stopPrice: num(`${side}StopPrice`),
          timeInForce: (p.get(`${side}TimeInForce`) ?? undefined) as 'GTC' | undefined, clientOrderId: p.get(`${side}ClientOrderId`) ?? undefined,
        });
        const side = need('side') as Side;
        const list = e.placeOco(a, { symbol: need('symbol'), side, quantity: Number(need('quantity')), above: leg('above'), below: leg('below'),
          listClientOrderId: p.get('listClientOrderId') ?? undefined }, this.now());
        return this.listJson(list);
      }
      case 'DELETE /api/v3/orderList': {
        const a = this.auth(req, p, query, body);
        const symbol = need('symbol');
        e.market(symbol);
        const id = p.get('orderListId');
        const client = p.get('listClientOrderId');
        const list = [...e.lists.values()].find((l) => l.account === a.apiKey && l.symbol === symbol && (id !== null ? l.orderListId === Number(id) : l.listClientOrderId === client));
        if (!list) throw new ExchangeError(-2011, 'Unknown order sent.');
        return this.listJson(e.cancelList(a, list, this.now()));
      }
      case 'POST /emulator/step': return { clock: this.step(Math.max(1, Math.min(100_000, num('n') ?? 1))) };
      case 'GET /emulator/state': return { clock: this.clock, markets: [...e.markets.keys()], last: Object.fromEntries(e.last) };
      default: throw new ExchangeError(-1000, `${route} is not emulated`, 404);
    }
  }

  private lookup(a: Account, symbol: string, p: URLSearchParams): Order | undefined {
    this.engine.market(symbol);
    const orderId = p.get('orderId');
    const client = p.get('origClientOrderId');
    if (orderId === null && client === null) throw new ExchangeError(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
    return this.engine.find(a, symbol, orderId !== null ? { orderId: Number(orderId) } : { origClientOrderId: client! });
  }

  orderJson(o: Order, opts: { transact?: boolean; full?: boolean }) {
    const isStop = o.type === 'STOP_LOSS_LIMIT' || o.type === 'TAKE_PROFIT_LIMIT';
    return {
      symbol: o.symbol, orderId: o.orderId, orderListId: o.orderListId, clientOrderId: o.clientOrderId,
      ...(opts.transact ? { transactTime: o.updateTime } : { time: o.time, updateTime: o.updateTime, isWorking: o.workingTime !== -1 }),
      price: f8(o.price), origQty: f8(o.origQty), executedQty: f8(o.executedQty), cummulativeQuoteQty: f8(o.cummulativeQuoteQty), status: o.status,
      timeInForce: o.timeInForce, type: o.type, side: o.side, ...(isStop ? { stopPrice: f8(o.stopPrice) } : {}), workingTime: o.workingTime,
      origQuoteOrderQty: f8(0), selfTradePreventionMode: 'EXPIRE_MAKER',
      ...(opts.full ? { fills: o.fills.map((f) => ({ price: f8(f.price), qty: f8(f.qty), commission: f8(f.commission), commissionAsset: f.commissionAsset, tradeId: f.tradeId })) } : {}),
    };
  }

  listJson(l: OrderList) {
    return {
      orderListId: l.orderListId, contingencyType: 'OCO', listStatusType: l.listStatusType, listOrderStatus: l.listOrderStatus, listClientOrderId: l.listClientOrderId,
      transactionTime: l.transactionTime, symbol: l.symbol,
      orders: l.legs.map((o) => ({ symbol: o.symbol, orderId: o.orderId, clientOrderId: o.clientOrderId })),
      orderReports: l.legs.map((o) => this.orderJson(o, { transact: true })),
    };
  }

  private exchangeInfo() {
    return {
      timezone: 'UTC', serverTime: this.now(),
      rateLimits: [{ rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: this.o.weightPerMinute ?? 6000 }],
      exchangeFilters: [],
      symbols: this.o.markets.map((m) => ({
        symbol: m.symbol, status: 'TRADING', baseAsset: m.base, baseAssetPrecision: 8, quoteAsset: m.quote, quotePrecision: 8, quoteAssetPrecision: 8,
        baseCommissionPrecision: 8, quoteCommissionPrecision: 8,
        orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
        icebergAllowed: false, ocoAllowed: true, otoAllowed: false, quoteOrderQtyMarketAllowed: true, allowTrailingStop: false, cancelReplaceAllowed: false,
        isSpotTradingAllowed: true, isMarginTradingAllowed: false,
        filters: [
          { filterType: 'PRICE_FILTER', minPrice: m.rules.minPrice, maxPrice: m.rules.maxPrice, tickSize: m.rules.tickSize },
          { filterType: 'LOT_SIZE', minQty: m.rules.minQty, maxQty: m.rules.maxQty, stepSize: m.rules.stepSize },
          { filterType: 'MARKET_LOT_SIZE', minQty: '0.00000000', maxQty: m.rules.marketMaxQty, stepSize: '0.00000000' },
          { filterType: 'NOTIONAL', minNotional: m.rules.minNotional, applyMinToMarket: true, maxNotional: m.rules.maxNotional, applyMaxToMarket: false, avgPriceMins: 5 },
        ],
        permissions: [], permissionSets: [['SPOT']], defaultSelfTradePreventionMode: 'EXPIRE_MAKER', allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
      })),
    };
  }

  /** Candles up to the market clock only: nothing from the future leaks through klines. */
  private klines(symbol: string, interval: string, limit: number, startTime?: number, endTime?: number) {
    const m = this.engine.market(symbol);
    if (!INTERVALS[interval]) throw new ExchangeError(-1120, 'Invalid interval.');
    if (INTERVALS[interval] !== m.timeframeMs) throw new ExchangeError(-1120, `Invalid interval: this emulator serves ${symbol} in ${Object.keys(INTERVALS).find((k) => INTERVALS[k] === m.timeframeMs)} candles only.`);
    const s = m.series;
    const upTo = this.cursor.get(symbol)!;
    const out: unknown[] = [];
    let i = 0;
    if (startTime !== undefined) { while (i <= upTo && s.time[i]! < startTime) i++; } else i = Math.max(0, upTo - Math.min(limit, 1000) + 1);
    for (; i <= upTo && out.length < Math.min(limit, 1000); i++) {
      if (endTime !== undefined && s.time[i]! > endTime) break;
      const quoteVol = s.volume[i]! * s.close[i]!;
      const dp = decimals(m.rules.tickSize);
      out.push([s.time[i], s.open[i]!.toFixed(dp), s.high[i]!.toFixed(dp), s.low[i]!.toFixed(dp), s.close[i]!.toFixed(dp), f8(s.volume[i]!), s.time[i]! + m.timeframeMs - 1,
        f8(quoteVol), 0, f8(s.volume[i]! / 2), f8(quoteVol / 2), '0']);
    }
    return out;
  }

  /** A synthesised book: levels one tick apart around the last price, each holding an equal share of what a candle trades (documented). */
  private depth(symbol: string, limit: number) {
    const m = this.engine.market(symbol);
    const { bid, ask } = this.engine.bestBidAsk(symbol);
    const tick = Number(m.rules.tickSize);
    const dp = decimals(m.rules.tickSize);
    const levels = Math.max(1, Math.min(limit, 5000));
    const perLevel = ((this.engine.last.get(symbol)?.volume ?? 0) * this.engine.opts.maxVolumeShare) / Math.min(levels, 20);
    const side = (from: number, dir: number) => Array.from({ length: levels }, (_, k) => [(from + dir * k * tick).toFixed(dp), f8(perLevel)]);
    return { lastUpdateId: this.clock, bids: side(bid, -1), asks: side(ask, 1) };
  }

  private ticker(symbol: string) {
    const m = this.engine.market(symbol);
    const s = m.series;
    const i = this.cursor.get(symbol)!;
    const n = Math.max(1, Math.round(86_400_000 / m.timeframeMs));
    const from = Math.max(0, i - n + 1);
    let high = -Infinity, low = Infinity, vol = 0, quote = 0;
    for (let k = from; k <= i; k++) { high = Math.max(high, s.high[k]!); low = Math.min(low, s.low[k]!); vol += s.volume[k]!; quote += s.volume[k]! * s.close[k]!; }
    const open = s.open[from]!, last = this.engine.lastPrice(symbol);
    const { bid, ask } = this.engine.bestBidAsk(symbol);
    const dp = decimals(m.rules.tickSize);
    return {
      symbol, priceChange: (last - open).toFixed(dp), priceChangePercent: (((last - open) / open) * 100).toFixed(3), weightedAvgPrice: f8(vol > 0 ? quote / vol : last),
      prevClosePrice: (from > 0 ? s.close[from - 1]! : open).toFixed(dp), lastPrice: last.toFixed(dp), lastQty: f8(0), bidPrice: bid.toFixed(dp), bidQty: f8(1), askPrice: ask.toFixed(dp), askQty: f8(1),
      openPrice: open.toFixed(dp), highPrice: high.toFixed(dp), lowPrice: low.toFixed(dp), volume: f8(vol), quoteVolume: f8(quote),
      openTime: s.time[from], closeTime: s.time[i]! + m.timeframeMs - 1, firstId: 0, lastId: 0, count: 0,
    };
  }
}

const WEIGHTS: Record<string, number> = {
  'GET /api/v3/exchangeInfo': 20, 'GET /api/v3/klines': 2, 'GET /api/v3/ticker/24hr': 2, 'GET /api/v3/account': 20, 'GET /api/v3/order': 4,
  'GET /api/v3/openOrders': 6, 'GET /api/v3/myTrades': 20, 'POST /emulator/step': 0, 'GET /emulator/state': 0,
};
const depthWeight = (limit: number) => (limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250);

function stripSignature(s: string): string {
  return s.replace(/&?signature=[^&]*/, '');
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
