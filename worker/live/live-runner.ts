import ccxt from 'ccxt';
import { randomUUID } from 'node:crypto';
import type { Db, Tx } from '@/adapters/db/client';
import { EVENTS_CHANNEL } from '@/adapters/db/channels';
import type { BinanceClient } from '@/adapters/exchange/binance';
import type { Logger } from '@/adapters/logging/logger';
import { raiseAlert, resolveAlert } from '@/adapters/repo/alerts';
import { alertTradeOpened, checkLossStreak } from '@/adapters/repo/trade-alerts';
import { saveStrategyStats } from '@/adapters/repo/strategy-stats';
import { decisionRow, writeEntryDecision } from '@/worker/pipeline/journal-decision';
import { writeJournalBatch, type JournalRow } from '@/adapters/repo/journal-batch';
import { extremeMultiplierFromRow, riskConfigFromRow, riskSnapshotFromRow } from '@/adapters/repo/risk-inputs';
import { lockAccount, persistRiskState } from '@/adapters/repo/risk-state';
import { indexAtOrBefore } from '@/domain/market/candle-series';
import { timeframeMs } from '@/domain/market/timeframes';
import { appendClosedCandles, loadExchangeMarket } from '@/adapters/exchange/candles';
import { legOrderIdFor } from '@/domain/orders/client-order-id';
import {
  engineMarket, PipelineEngine, warmMarket, type DecisionEvent, type EngineConfig, type EngineMarket, type EnginePending, type EnginePosition, type EngineSink, type EntryBlock, type ExitReason,
} from '@/domain/pipeline/engine';
import { resolveLimits } from '@/domain/risk/risk-config';
import { lossFraction } from '@/domain/risk/loss-fraction';
import type { Prisma } from '@/generated/prisma/client';
import { loadEngineState, toExitReason, type PendingEntryRaw } from '../paper/load-state';
import type { LlmAdvisor } from '@/adapters/llm/openai-compatible';
import { adviseCandle } from '@/worker/pipeline/advise-candle';
import type { ExchangeHealth } from './exchange-health';
import { protectPosition } from './protect-position';
import { reconcileOrders, type ReconcileResult } from './reconcile';
import { fillRows, statusOf, submitOrder, type SubmitOptions } from './submit-order';
import type { Fence } from '@/worker/leases/fence';
import { loadMarketsAfresh } from '@/adapters/exchange/load-markets';

export interface LiveOptions {
  accountId: string;
  /** the exchange's name for the account's rows and candles (binance) */
  exchange: string;
  exchangeUrl: string;
  /** ccxt symbols traded: BTC/USDT,ETH/USDT */
  symbols: string[];
  timeframe: string;
  cfg: EngineConfig;
  workerLabel: string;
  /** candles fetched at start to warm the strategies (at most 1,000) */
  warmupCandles?: number;
  /** how often orders are compared with the exchange's reports (stops and targets fill there) */
  reconcileEveryMs: number;
  /** no new candle for this long (wall time): the market data is stale, a warning is raised (default 2.5 candles) */
  staleAfterMs?: number;
  /**
   * A backup account's gate: new entries only while it returns null (the primary's exchange is
   * lost). Exits, stops and reconciliation never wait for it.
   */
  entryGate?: () => EntryBlock | null;
  /** B6: called with the time from "the closing candle was seen" to "its entry was acknowledged" (ms) */
  onEntryAck?: (ms: number) => void;
  /** the stop leg's limit below its trigger, as a fraction (0.005 = 0.5%) */
  stopLimitSlippage?: number;
  submit?: SubmitOptions;
  now: () => Date;
  /** the LLM advisory (LLM_ENABLED=true): asked about the newest candle's entry signals before DECIDE */
  advisor?: LlmAdvisor;
  /** the account's lease (docs/scaling.md): its epoch goes on every order, and nothing is sent once it may have lapsed */
  fence?: Fence;
}

export interface LiveTickResult { candles: number; entries: number; closed: number; isClean: boolean }

const dec = (x: number) => (Number.isFinite(x) ? x.toFixed(12) : '0');
const describe = (e: unknown) => `${(e as Error).constructor?.name ?? 'Error'}: ${String((e as Error).message ?? e).slice(0, 200)}`;
const LIVE_LEG = new Set(['PENDING_SUBMIT', 'SUBMITTED', 'OPEN', 'PARTIALLY_FILLED']);
const MAX_EXIT_ATTEMPTS = 3;

/**
 * Live mode: the same pipeline engine as backtest and paper, with the exchange as its broker.
 *
 * Truth flows one way: the exchange's reports update the order rows (submitOrder records
 * each answer; reconcileOrders fetches everything unsettled), and positions are derived from
 * the order rows (`settle`): an entry that filled opens a position and gets its resting stop
 * (protectPosition, read back), a stop, target or exit that filled closes it. Every step is
 * idempotent on deterministic client ids, so a crash anywhere is repaired by the next pass:
 * at start-up the runner reconciles and settles before it lets any entry out.
 *
 * The client must be attached to `health` (ExchangeHealth.attach): every request then counts
 * toward connectivity and honours a rate-limit hold.
 *
 * One tick: reconcile (start-up, then every `reconcileEveryMs`) → settle → fetch the candles
 * that closed → the pipeline on each (decisions and entry orders written ahead in one
 * transaction) → EXECUTE (no transaction open) → settle again. Entries wait while the
 * exchange is lost or the books are not reconciled; exits and stops never wait.
 */
export class LiveRunner {
  private readonly engine: PipelineEngine;
  private batch: JournalRow[] = [];
  private ops: ((tx: Tx) => Promise<unknown>)[] = [];
  private lastDecision: DecisionEvent | null = null;
  private reconciledAt = -Infinity;
  private isReconciled = false;
  private lastReconcile: ReconcileResult | null = null;
  private readonly tf: number;
  private lastNewCandleAt: number;
  /** entries decided in this pass, and when their candle was seen (performance.now) */
  private readonly fresh = new Set<string>();
  private seenAt = 0;
  private isStaleAlerted = false;

  private constructor(
    private readonly db: Db,
    private readonly ex: BinanceClient,
    private readonly health: ExchangeHealth,
    private readonly log: Logger,
    private readonly o: LiveOptions,
    markets: EngineMarket[],
    state: Awaited<ReturnType<typeof loadEngineState>>,
    private cursor: number | null,
    private readonly marketIds: Map<string, string>,
  ) {
    this.tf = timeframeMs(o.timeframe, 'LIVE_TIMEFRAME');
    this.lastNewCandleAt = o.now().getTime();
    this.engine = new PipelineEngine(markets, { ...o.cfg }, state, this.sink, randomUUID, 'exchange');
  }

  /** Load the markets and recent candles from the exchange and the books from PostgreSQL. */
  static async open(db: Db, ex: BinanceClient, health: ExchangeHealth, log: Logger, o: LiveOptions): Promise<LiveRunner> {
    const tf = timeframeMs(o.timeframe, 'LIVE_TIMEFRAME');
    await loadMarketsAfresh(ex);
    const nowMs = o.now().getTime();
    const markets: EngineMarket[] = [];
    const marketIds = new Map<string, string>();
    for (const symbol of o.symbols) {
      const m = await loadExchangeMarket(ex, symbol, o.timeframe, tf, nowMs, o.warmupCandles ?? 500);
      marketIds.set(symbol, m.marketId);
      markets.push(engineMarket(m.series, o.cfg, m.rules));
    }
    return db.$transaction(async (tx) => {
      if (!(await lockAccount(tx, o.accountId))) throw new Error(`account ${o.accountId} has no risk state`);
      const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId: o.accountId } });
      let sync = await tx.liveSync.findUnique({ where: { accountId: o.accountId } });
      if (!sync) sync = await tx.liveSync.create({ data: { accountId: o.accountId, exchangeUrl: o.exchangeUrl, startCash: rs.stageCapital, stageCapital: rs.stageCapital } });
      // a new account starts at the newest closed candle: history only warms the indicators
      const latest = Math.max(...markets.map((m) => (m.s.length ? m.s.time[m.s.length - 1]! : -Infinity)));
      const cursor = sync.cursorTime?.getTime() ?? (Number.isFinite(latest) ? latest : null);
      for (const m of markets) warmMarket(m, indexAtOrBefore(m.s, cursor ?? -Infinity));
      const cash = sync.startCash.toNumber() + (await cashFlows(tx, o.accountId));
      const state = await loadEngineState(tx, o.accountId, cash, markets, 'EXCHANGE');
      if (!sync.cursorTime && cursor !== null) await tx.liveSync.update({ where: { accountId: o.accountId }, data: { cursorTime: new Date(cursor) } });
      return new LiveRunner(db, ex, health, log, o, markets, state, cursor, marketIds);
    }, { timeout: 60_000 });
  }

  get state() { return this.engine.state; }
  get canEnter() { return this.entryBlock() === null; }

  /** Why entries wait now, or null: not reconciled, the exchange lost, or a backup standing by. */
  private entryBlock(): EntryBlock | null {
    if (!this.isReconciled) return 'live_not_reconciled';
    if (!this.health.canEnter) return 'live_exchange_lost';
    return this.o.entryGate?.() ?? null;
  }

  async tick(): Promise<LiveTickResult> {
    const out: LiveTickResult = { candles: 0, entries: 0, closed: 0, isClean: false };
    const nowMs = this.o.now().getTime();
    // inside a 429's window nothing is sent: not even a read (that is what earns a 418 ban)
    if (this.health.isHolding) return out;
    // after an outage, the books are compared with the exchange again before any entry
    if (this.health.state.status !== 'up') this.isReconciled = false;
    if (!this.isReconciled || nowMs - this.reconciledAt >= this.o.reconcileEveryMs) await this.reconcile();
    out.closed += await this.settle();
    this.fresh.clear();
    try {
      if (await this.pollCandles(nowMs)) this.lastNewCandleAt = nowMs;
      this.seenAt = performance.now();
      await this.watchFeed(nowMs);
    } catch (e) {
      if (!(e instanceof ccxt.OperationFailed)) throw e;
      this.log.debug({ component: 'live', err: describe(e) }, 'candles unavailable this tick');
    }
    // every closed candle time the pipeline has not processed: new ones, and those a restart or an outage left behind
    const times = new Set<number>();
    for (const m of this.engine.markets) for (let i = m.i; i < m.s.length; i++) if (this.cursor === null || m.s.time[i]! > this.cursor) times.add(m.s.time[i]!);
    if (times.size) out.candles = await this.advance([...times].sort((a, b) => a - b));
    out.entries = await this.execute();
    out.closed += await this.settle();
    out.isClean = await this.markPass();
    return out;
  }

  /** Compare every unsettled order, the open orders and the positions with the exchange. */
  async reconcile() {
    const r = await reconcileOrders(this.db, this.ex, this.o.accountId, this.o.symbols, { now: this.o.now, leaseEpoch: this.o.fence?.epoch });
    this.lastReconcile = r;
    const isOk = r.errors.length === 0;
    if (isOk) { this.isReconciled = true; this.reconciledAt = this.o.now().getTime(); }
    // a resting leg that filled or expired is routine (stops and targets fill on the exchange); a correction is an
    // order whose outcome the books did not know (in flight at a crash or a time-out), one never seen, one adopted
    const settledUnknown = r.updated.filter((u) => u.from === 'PENDING_SUBMIT' || u.from === 'SUBMITTED');
    const corrections = settledUnknown.length + r.rejectedNeverSeen.length + r.adopted.length;
    if (corrections) this.log.info({ component: 'live', updated: r.updated.length, rejected: r.rejectedNeverSeen.length, adopted: r.adopted.length }, 'reconciled with the exchange');
    await this.db.liveSync.update({ where: { accountId: this.o.accountId }, data: {
      lastReconcileAt: this.o.now(),
      lastReconcile: { ...r, isOk, updated: r.updated.slice(0, 50), foreign: r.foreign.slice(0, 50) } as object,
    } });
    if (r.unprotectedPositions.length) {
      // protected in this pass's settle (or closed at market when that fails): the operator still hears of it
      await raiseAlert(this.db, { severity: 'WARNING', code: 'STOP_MISSING', accountId: this.o.accountId, dedupKey: `${this.o.accountId}:STOP_MISSING`,
        message: `${r.unprotectedPositions.length} open position(s) found without a resting stop on the exchange (a crash between fill and protection, or a stop cancelled outside Sentinel): placing their stops now`,
        evidence: { positions: r.unprotectedPositions } }, this.o.now());
    }
    if (corrections) {
      await raiseAlert(this.db, { severity: 'WARNING', code: 'RECONCILE_CORRECTED', accountId: this.o.accountId,
        message: `reconciliation corrected ${corrections} order(s) from the exchange's reports: ${[...settledUnknown.map((u) => `${u.clientOrderId} ${u.from}→${u.to}`), ...r.rejectedNeverSeen.map((c) => `${c} never reached the exchange`), ...r.adopted.map((c) => `${c} adopted`)].slice(0, 5).join('; ')}`,
        evidence: { updated: settledUnknown, rejectedNeverSeen: r.rejectedNeverSeen, adopted: r.adopted } }, this.o.now());
    }
  }

  /**
   * A feed that answers but stops moving (the exchange's market data stalled) is not an
   * outage: the calls succeed. It is caught by time: no new candle for `staleAfterMs`
   * raises a warning (no decision is taken on old candles meanwhile: there are none), and
   * the first new candle resolves it.
   */
  private async watchFeed(nowMs: number) {
    const staleAfter = this.o.staleAfterMs ?? this.tf * 2.5;
    const dedupKey = `${this.o.accountId}:MARKET_DATA_STALE`;
    const isStale = nowMs - this.lastNewCandleAt > staleAfter;
    if (isStale && !this.isStaleAlerted) {
      this.isStaleAlerted = true;
      await raiseAlert(this.db, { severity: 'WARNING', code: 'MARKET_DATA_STALE', accountId: this.o.accountId, dedupKey,
        message: `no new ${this.o.timeframe} candle from ${this.o.exchangeUrl} for ${Math.round((nowMs - this.lastNewCandleAt) / 1000)} s although it answers: the market data is stale, no decision is taken; resting stops still protect open positions`,
        evidence: { lastCandle: this.cursor === null ? null : new Date(this.cursor).toISOString(), staleAfterMs: staleAfter } }, new Date(nowMs));
    } else if (!isStale && this.isStaleAlerted) {
      this.isStaleAlerted = false;
      await resolveAlert(this.db, dedupKey, new Date(nowMs));
    }
  }

  /** Fetch the candles that closed since the last one held, and append them; true when any was new. */
  private async pollCandles(nowMs: number): Promise<boolean> {
    let isNew = false;
    for (const m of this.engine.markets) if (await appendClosedCandles(this.ex, m.s, this.tf, nowMs)) isNew = true;
    return isNew;
  }

  /** SIGNAL → … → RISK VALIDATOR on each new candle time; decisions and entry orders written ahead, in one transaction. */
  private async advance(times: number[]): Promise<number> {
    const accountId = this.o.accountId;
    const st = this.engine.state;
    let steps = 0;
    await this.db.$transaction(async (tx) => {
      this.ops = [];
      this.batch = [];
      if (!(await lockAccount(tx, accountId))) throw new Error(`account ${accountId} has no risk state`);
      const row = await tx.riskState.findUniqueOrThrow({ where: { accountId } });
      const config = riskConfigFromRow(await tx.riskConfig.findUnique({ where: { accountId } }));
      this.engine.cfg.limits = resolveLimits(config);
      this.engine.cfg.timeZone = config.dayTimeZone ?? this.o.cfg.timeZone;
      st.risk = riskSnapshotFromRow(row);
      st.isSafeMode = row.isSafeMode;
      st.extremeSizeMultiplier = extremeMultiplierFromRow(row);
      const sync = await tx.liveSync.findUniqueOrThrow({ where: { accountId } });
      if ((sync.cursorTime?.getTime() ?? null) !== this.cursor) throw new Error(`the live cursor of account ${accountId} moved under this worker (another worker on the same account?): reloading`);
      // a stage change moves the bot's capital: the cash baseline follows the stage capital
      const capitalDelta = row.stageCapital.toNumber() - sync.stageCapital.toNumber();
      if (Math.abs(capitalDelta) > 1e-9) {
        st.cash += capitalDelta;
        await tx.liveSync.update({ where: { accountId }, data: { startCash: dec(sync.startCash.toNumber() + capitalDelta), stageCapital: row.stageCapital } });
      }
      const snapshots: Prisma.EquitySnapshotCreateManyInput[] = [];
      const candles: Prisma.CandleCreateManyInput[] = [];
      const latest = times.at(-1)!;
      for (const t of times) {
        if (this.cursor !== null && t <= this.cursor) continue;
        // only the newest closed candle may lead to an entry: an older one (catching up) would enter at a stale price
        this.engine.entryBlock = t < latest ? 'live_stale_candle' : this.entryBlock();
        for (const m of this.engine.markets) while (m.i < m.s.length && m.s.time[m.i]! < t) m.i += 1; // a market without this time skips it
        // only an unblocked candle (the newest) is asked about: one advisory round per pass at most
        if (this.o.advisor) await adviseCandle(this.engine, t, this.o.advisor, this.tf);
        const ev = this.engine.advance(t);
        steps += 1;
        this.cursor = t;
        for (const m of this.engine.markets) {
          const i = m.i - 1;
          if (i >= 0 && m.s.time[i] === t) {
            candles.push({ exchange: this.o.exchange, symbol: m.s.symbol, timeframe: m.s.timeframe, openTime: new Date(t), open: m.s.open[i]!, high: m.s.high[i]!, low: m.s.low[i]!, close: m.s.close[i]!, volume: m.s.volume[i]! });
          }
        }
        const equity = this.engine.equity();
        if (ev.events.length) this.ops.push((x) => persistRiskState(x, accountId, { ...ev, equity }, ev.events, { label: this.o.workerLabel }, new Date(t + this.tf)));
        let exposure = 0;
        for (const p of st.positions) exposure += p.qty * p.m.mark;
        const realized = row.realizedPnl.toNumber();
        snapshots.push({ accountId, at: new Date(t + this.tf), equity: dec(equity), cash: dec(st.cash), exposure: dec(exposure), realizedPnl: dec(realized),
          unrealizedPnl: dec(equity - row.stageCapital.toNumber() - realized), drawdownFraction: dec(lossFraction(ev.peakEquity, equity)) });
      }
      this.engine.entryBlock = null;
      for (const op of this.ops) await op(tx);
      if (this.batch.length) await writeJournalBatch(tx, this.batch);
      await tx.equitySnapshot.createMany({ data: snapshots, skipDuplicates: true });
      await tx.candle.createMany({ data: candles, skipDuplicates: true });
      if (snapshots.length) {
        const last = snapshots.at(-1)!;
        await persistRiskState(tx, accountId, { ...st.risk, equity: Number(last.equity), unrealizedPnl: Number(last.unrealizedPnl) }, [], { label: this.o.workerLabel }, last.at as Date);
      }
      const marks = Object.fromEntries(this.engine.markets.filter((m) => m.mark === m.mark).map((m) => [m.s.symbol, m.mark]));
      await tx.liveSync.update({ where: { accountId }, data: { cursorTime: this.cursor === null ? null : new Date(this.cursor), marks } });
      await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${`tick:${accountId}`})`;
    }, { timeout: 60_000 });
    return steps;
  }

  private readonly sink: EngineSink = {
    decision: (e) => {
      if (e.pendingId !== null) { this.lastDecision = e; return; }
      this.batch.push(decisionRow(this.o.accountId, e, new Date(e.t + this.tf)));
    },
    entryQueued: (p) => {
      const e = this.lastDecision!;
      this.lastDecision = null;
      const at = new Date(e.t + this.tf);
      // write-ahead: the decision and its entry order (PENDING_SUBMIT) commit together, before any request
      this.ops.push((tx) => writeEntryDecision(tx, this.o.accountId, e, p, at, { status: 'PENDING_SUBMIT', quantity: dec(this.amount(p.m.s.symbol, p.qty)), venue: 'EXCHANGE', leaseEpoch: this.o.fence?.epoch }));
      this.fresh.add(p.id);
    },
    exitQueued: (p, reason) => {
      this.ops.push(async (tx) => {
        const moved = await tx.position.updateMany({ where: { id: p.id, status: 'OPEN' }, data: { status: 'CLOSING', exitReason: reason === 'END' ? 'MANUAL' : reason } });
        if (moved.count) await tx.journalEntry.create({ data: { accountId: this.o.accountId, at: this.o.now(), kind: 'EXIT', symbol: p.m.s.symbol, strategy: p.strategy,
          message: `exit requested (${reason.toLowerCase()}): ${p.qty} ${p.m.s.symbol} to be sold at market after its resting stop is cancelled`, details: { positionId: p.id, reason } } });
      });
    },
  };

  private amount(symbol: string, qty: number) { return Number(this.ex.amountToPrecision(symbol, qty)); }

  /** EXECUTE the entries written ahead: one market order each, through the idempotent broker, all sent at once. */
  private async execute(): Promise<number> {
    const latest = this.cursor ?? -Infinity;
    const sent = await Promise.all([...this.engine.state.pending].map(async (e) => {
      const row = await this.db.order.findUnique({ where: { id: e.id } });
      if (!row) { this.engine.dropPending(e.id); return 0; }
      if (row.status === 'PENDING_SUBMIT') {
        // never sent and its candle is no longer the newest (a restart, an outage): the price it was sized on is gone
        if (e.decidedAt < latest) { await this.endEntry(e, row.id, 'CANCELED', 'not sent: a newer candle closed before it could go out (restart or outage)'); return 0; }
        if (!this.canEnter) return 0;
      }
      if (row.status !== 'PENDING_SUBMIT' && row.status !== 'SUBMITTED') return 0; // settled: settle() takes it from here
      const isFresh = this.fresh.has(e.id);
      const r = await submitOrder(this.db, this.ex, {
        accountId: this.o.accountId, clientOrderId: row.clientOrderId, symbol: row.symbol, side: 'buy', type: 'market', amount: row.quantity.toNumber(),
        purpose: 'ENTRY', decisionId: row.decisionId,
      }, { ...this.o.submit, onAck: isFresh && this.o.onEntryAck ? () => this.o.onEntryAck!(performance.now() - this.seenAt) : undefined });
      if (r.outcome === 'rejected') await this.endEntry(e, row.id, null, `refused by the exchange: ${r.error}`);
      return r.outcome === 'placed' || r.outcome === 'found' ? 1 : 0;
    }));
    return sent.reduce<number>((a, b) => a + b, 0);
  }

  private async endEntry(e: EnginePending, orderId: string, status: 'CANCELED' | null, why: string) {
    await this.db.$transaction(async (tx) => {
      if (status) await tx.order.update({ where: { id: orderId }, data: { status, lastError: why } });
      await tx.journalEntry.create({ data: { accountId: this.o.accountId, at: this.o.now(), kind: 'ORDER', symbol: e.m.s.symbol, strategy: e.strategy,
        message: `entry ${why}`, details: { orderId, reason: why } } });
    });
    this.engine.dropPending(e.id);
  }

  /** The fills behind an order, fetched when the answer that placed it did not carry them all. */
  private async ensureFills(o: { id: string; symbol: string; side: 'BUY' | 'SELL'; exchangeOrderId: string | null; filledQuantity: { toNumber(): number } }, have: number) {
    if (have >= o.filledQuantity.toNumber() - 1e-12 || !o.exchangeOrderId) return;
    const trades = await this.ex.fetchMyTrades(o.symbol, undefined, undefined, { orderId: o.exchangeOrderId });
    await this.db.fill.createMany({ skipDuplicates: true, data: fillRows({ ...o, accountId: this.o.accountId }, trades, this.o.now()) });
  }

  /**
   * Positions from the order rows, idempotently: filled entries open positions (and get their
   * resting stop), filled stops, targets and exits close them, an exit requested cancels the
   * resting pair and sells at market. Returns the positions closed.
   */
  async settle(): Promise<number> {
    const accountId = this.o.accountId;
    let closed = 0;
    // a. entries the exchange finished
    const pendingIds = new Set(this.engine.state.pending.map((e) => e.id));
    const ended = await this.db.order.findMany({ where: { accountId, venue: 'EXCHANGE', purpose: 'ENTRY', positionId: null, status: { in: ['FILLED', 'EXPIRED', 'CANCELED', 'REJECTED'] } }, include: { fills: true } });
    for (const o of ended) {
      if (o.filledQuantity.toNumber() <= 0) {
        const e = pendingIds.has(o.id) ? this.engine.state.pending.find((x) => x.id === o.id) : undefined;
        if (e) await this.endEntry(e, o.id, null, `ended ${o.status.toLowerCase()} without a fill${o.lastError ? `: ${o.lastError}` : ''}`);
        continue;
      }
      try {
        await this.ensureFills(o, o.fills.reduce((a, f) => a + f.quantity.toNumber(), 0));
        await this.openPosition(o.id);
      } catch (e) {
        this.log.warn({ component: 'live', orderId: o.id, err: describe(e) }, 'entry fill not settled yet');
      }
    }
    // b. open positions: closed by a fill, protected, or on their way out
    const positions = await this.db.position.findMany({ where: { accountId, venue: 'EXCHANGE', status: { in: ['OPEN', 'CLOSING'] } }, include: { orders: { include: { fills: true } } } });
    for (const p of positions) {
      try {
        const exitLeg = p.orders.find((o) => (o.purpose === 'STOP' || o.purpose === 'TARGET' || o.purpose === 'EXIT') && o.status === 'FILLED')
          ?? p.orders.find((o) => o.purpose === 'EXIT' && o.status === 'EXPIRED' && o.filledQuantity.toNumber() > 0);
        if (exitLeg) {
          await this.ensureFills(exitLeg, exitLeg.fills.reduce((a, f) => a + f.quantity.toNumber(), 0));
          if (await this.closePosition(p.id, exitLeg.id)) closed += 1;
          continue;
        }
        if (p.status === 'OPEN') {
          const hasStop = p.orders.some((o) => o.purpose === 'STOP' && LIVE_LEG.has(o.status));
          if (!hasStop && this.health.canEnter) await this.protect(p);
        } else {
          await this.exit(p);
        }
      } catch (e) {
        if (!(e instanceof ccxt.OperationFailed)) throw e;
        this.log.warn({ component: 'live', positionId: p.id, err: describe(e) }, 'position not settled this pass; the next pass retries');
      }
    }
    return closed;
  }

  private async openPosition(orderId: string) {
    const accountId = this.o.accountId;
    const at = this.o.now();
    const made = await this.db.$transaction(async (tx) => {
      const o = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { fills: true } });
      if (o.positionId) return null;
      const m = this.engine.markets.find((x) => x.s.symbol === o.symbol);
      if (!m) throw new Error(`entry ${o.clientOrderId} is on ${o.symbol}, which LIVE_SYMBOLS does not trade`);
      const plan = o.raw as PendingEntryRaw;
      const gross = o.fills.reduce((a, f) => a + f.quantity.toNumber(), 0) || o.filledQuantity.toNumber();
      const cost = o.fills.reduce((a, f) => a + f.quantity.toNumber() * f.price.toNumber(), 0);
      const price = o.avgFillPrice?.toNumber() || (gross > 0 ? cost / gross : 0);
      const baseFee = o.fills.filter((f) => f.feeCurrency === m.s.base).reduce((a, f) => a + f.fee.toNumber(), 0);
      const quoteFee = o.fills.filter((f) => f.feeCurrency === m.s.quote).reduce((a, f) => a + f.fee.toNumber(), 0);
      // what the account holds (a buy pays its fee in the base), floored to what the exchange lets us sell
      const qty = this.amount(o.symbol, gross - baseFee);
      // the base that cannot be sold (fee and dust) is a cost of the entry, in the quote
      const entryFee = (gross - qty) * price + quoteFee;
      const positionId = randomUUID();
      // the stop and target as the exchange will hold them: at the market's price precision
      const stop = Number(this.ex.priceToPrecision(o.symbol, plan.stop));
      const target = Number(this.ex.priceToPrecision(o.symbol, plan.target));
      const riskAmount = plan.riskAmount * Math.min(1, qty / o.quantity.toNumber());
      await tx.position.create({ data: {
        id: positionId, accountId, symbol: o.symbol, side: 'LONG', status: 'OPEN', strategy: plan.strategy, quantity: dec(qty), entryPrice: dec(price),
        stopPrice: dec(stop), targetPrice: dec(target), initialRisk: dec(riskAmount), riskFraction: dec(riskAmount / plan.equityAtEntry),
        openedAt: o.fills[0]?.filledAt ?? at, fees: dec(entryFee), decisionId: o.decisionId, venue: 'EXCHANGE',
      } });
      await tx.order.update({ where: { id: o.id }, data: { positionId } });
      await alertTradeOpened(tx, { accountId, positionId, symbol: o.symbol, strategy: plan.strategy, quantity: qty, price, stop, target, venue: 'EXCHANGE' }, at);
      await tx.journalEntry.create({ data: { accountId, at, kind: 'FILL', symbol: o.symbol, strategy: plan.strategy,
        message: `bought ${gross} ${o.symbol} at ${price} on the exchange (${o.clientOrderId}); holding ${qty} after fees; placing stop ${stop} and target ${target}`,
        details: { orderId: o.id, positionId, price, gross, quantity: qty, baseFee, quoteFee } } });
      return { positionId, qty, price, entryFee, time: (o.fills[0]?.filledAt ?? at).getTime(), stop, target };
    });
    if (!made) return;
    // not pending in memory (it was settled by another pass or before a restart): the engine learns of it from the rows
    if (!this.engine.openFromFill(orderId, { id: made.positionId, qty: made.qty, price: made.price, fee: made.entryFee, time: made.time, stop: made.stop, target: made.target })) await this.reloadPositions();
  }

  /** Rebuild the engine's open positions from the rows (a position the engine did not see open). */
  private async reloadPositions() {
    const state = await this.db.$transaction((tx) => loadEngineState(tx, this.o.accountId, this.engine.state.cash, this.engine.markets, 'EXCHANGE'), { timeout: 30_000 });
    for (const m of this.engine.markets) m.openCount = 0;
    this.engine.state.positions = state.positions;
    for (const p of state.positions) p.m.openCount += 1;
    const pending = new Set(state.pending.map((e) => e.id));
    this.engine.state.pending = this.engine.state.pending.filter((e) => pending.has(e.id));
  }

  private async protect(p: { id: string; symbol: string; quantity: { toNumber(): number }; stopPrice: { toNumber(): number }; targetPrice: { toNumber(): number } | null; decisionId: bigint | null }) {
    const stop = p.stopPrice.toNumber();
    const r = await protectPosition(this.db, this.ex, {
      accountId: this.o.accountId, positionId: p.id, decisionId: p.decisionId ?? 0n, symbol: p.symbol, marketId: this.marketIds.get(p.symbol) ?? p.symbol.replace('/', ''),
      quantity: p.quantity.toNumber(), stopPrice: stop, stopLimitPrice: stop * (1 - (this.o.stopLimitSlippage ?? 0.005)), targetPrice: p.targetPrice?.toNumber() ?? stop * 10,
    }, { ...this.o.submit, now: this.o.now });
    if (r.outcome !== 'protected') this.log.error({ component: 'live', positionId: p.id, outcome: r.outcome, err: r.error }, 'stop could not be placed');
  }

  /** An exit was requested: cancel the resting pair (the exchange cancels both legs of the OCO), then sell at market. */
  private async exit(p: { id: string; symbol: string; quantity: { toNumber(): number }; decisionId: bigint | null; orders: { id: string; purpose: string; status: string; clientOrderId: string; exchangeOrderId: string | null }[] }) {
    const exits = p.orders.filter((o) => o.purpose === 'EXIT');
    const lastExit = exits.at(-1);
    if (lastExit && LIVE_LEG.has(lastExit.status) && lastExit.status !== 'PENDING_SUBMIT' && lastExit.status !== 'SUBMITTED') return; // resting: reconcile follows it
    // an exit the exchange refused is tried again under the next id (-x2, -x3), then left to a person
    const attempt = lastExit && (lastExit.status === 'PENDING_SUBMIT' || lastExit.status === 'SUBMITTED') ? exits.length : exits.length + 1;
    if (attempt > MAX_EXIT_ATTEMPTS) return;
    for (const leg of p.orders.filter((o) => (o.purpose === 'STOP' || o.purpose === 'TARGET') && LIVE_LEG.has(o.status))) {
      try {
        await this.ex.cancelOrder(leg.exchangeOrderId ?? (undefined as unknown as string), p.symbol, leg.exchangeOrderId ? {} : { origClientOrderId: leg.clientOrderId });
      } catch (e) {
        if (!(e instanceof ccxt.OrderNotFound) && !(e instanceof ccxt.InvalidOrder)) throw e;
      }
      // whatever happened (cancelled, or it filled first), record the exchange's word for both legs
      const found = await this.ex.fetchOrder(undefined as unknown as string, p.symbol, { origClientOrderId: leg.clientOrderId }).catch((e: unknown) => {
        if (e instanceof ccxt.OrderNotFound) return null;
        throw e;
      });
      const status = found ? statusOf(found) : 'REJECTED';
      await this.db.order.update({ where: { id: leg.id }, data: { status, exchangeOrderId: found?.id ?? leg.exchangeOrderId, filledQuantity: found?.filled ?? 0, avgFillPrice: found?.average ?? null } });
      if (status === 'FILLED' || LIVE_LEG.has(status)) return; // it filled (the next settle closes the position) or is still resting
    }
    const r = await submitOrder(this.db, this.ex, {
      accountId: this.o.accountId, clientOrderId: legOrderIdFor(p.decisionId ?? 0n, 'x', attempt), symbol: p.symbol, side: 'sell', type: 'market',
      amount: p.quantity.toNumber(), purpose: 'EXIT', positionId: p.id, decisionId: p.decisionId,
    }, this.o.submit);
    if (r.outcome === 'rejected' && attempt >= MAX_EXIT_ATTEMPTS) {
      await raiseAlert(this.db, { severity: 'CRITICAL', code: 'EXIT_REFUSED', accountId: this.o.accountId, dedupKey: `${this.o.accountId}:EXIT_REFUSED:${p.id}`,
        message: `the market exit of ${p.quantity.toNumber()} ${p.symbol} was refused by the exchange ${MAX_EXIT_ATTEMPTS} times (${r.error}) and its stop is cancelled: close it by hand`,
        evidence: { positionId: p.id, error: r.error } }, this.o.now());
    }
  }

  /** A stop, target or exit filled: the position closes with the exchange's price and fees. */
  private async closePosition(positionId: string, orderId: string): Promise<boolean> {
    const accountId = this.o.accountId;
    const at = this.o.now();
    const r = await this.db.$transaction(async (tx) => {
      await lockAccount(tx, accountId);
      const p = await tx.position.findUniqueOrThrow({ where: { id: positionId } });
      if (p.status === 'CLOSED') return null;
      const o = await tx.order.findUniqueOrThrow({ where: { id: orderId }, include: { fills: true } });
      const m = this.engine.markets.find((x) => x.s.symbol === p.symbol);
      const qty = p.quantity.toNumber();
      const price = o.avgFillPrice?.toNumber() || o.price?.toNumber() || p.stopPrice.toNumber();
      const fee = o.fills.reduce((a, f) => a + (f.feeCurrency === m?.s.base ? f.fee.toNumber() * f.price.toNumber() : f.fee.toNumber()), 0);
      const reason: ExitReason = o.purpose === 'STOP' ? 'STOP' : o.purpose === 'TARGET' ? 'TARGET' : toExitReason(p.exitReason);
      const fees = p.fees.toNumber() + fee;
      const pnl = qty * (price - p.entryPrice.toNumber()) - fees;
      const rMultiple = p.initialRisk.toNumber() > 0 ? pnl / p.initialRisk.toNumber() : 0;
      const closedAt = o.fills.at(-1)?.filledAt ?? at;
      await tx.position.update({ where: { id: p.id }, data: { status: 'CLOSED', closedAt, exitPrice: dec(price), exitReason: reason === 'END' ? 'MANUAL' : reason,
        realizedPnl: dec(pnl), fees: dec(fees), rMultiple: dec(rMultiple) } });
      const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId } });
      await tx.riskState.update({ where: { accountId }, data: { realizedPnl: dec(rs.realizedPnl.toNumber() + pnl) } });
      await checkLossStreak(tx, accountId, 'EXCHANGE', at);
      await tx.journalEntry.create({ data: { accountId, at, kind: 'EXIT', symbol: p.symbol, strategy: p.strategy,
        message: `closed ${qty} ${p.symbol} at ${price} by ${reason.toLowerCase()} (${o.clientOrderId} filled on the exchange): P&L ${pnl.toFixed(2)} (${rMultiple.toFixed(2)} R)`,
        details: { positionId: p.id, orderId: o.id, price, fee, pnl, rMultiple, reason } } });
      return { price, fee, t: closedAt.getTime(), reason, strategy: p.strategy };
    });
    if (!r) return false;
    if (this.engine.closeFromFill(positionId, r.price, r.fee, r.t, r.reason)) {
      const st = this.engine.state.stats[r.strategy];
      if (st) await saveStrategyStats(this.db, accountId, r.strategy, st, this.o.cfg.learning);
    }
    return true;
  }

  /** Connectivity as the dashboard shows it, and the mark of a pass that left nothing unsettled. */
  private async markPass(): Promise<boolean> {
    const accountId = this.o.accountId;
    const [unsettled, unprotected] = await Promise.all([
      this.db.order.count({ where: { accountId, venue: 'EXCHANGE', status: { in: ['PENDING_SUBMIT', 'SUBMITTED'] } } }),
      this.db.position.count({ where: { accountId, venue: 'EXCHANGE', status: { in: ['OPEN', 'CLOSING'] }, NOT: { orders: { some: { purpose: 'STOP', status: { in: ['OPEN', 'PARTIALLY_FILLED'] } } } } } }),
    ]);
    const isClean = this.isReconciled && unsettled === 0 && unprotected === 0 && this.health.state.status === 'up';
    await this.db.liveSync.update({ where: { accountId }, data: {
      ...this.health.row,
      ...(isClean ? { lastCleanPassAt: this.o.now() } : {}),
    } });
    return isClean;
  }

  /** The runner's last reconciliation (tests, logs). */
  get reconciliation() { return this.lastReconcile; }
  get openPositions(): readonly EnginePosition[] { return this.engine.state.positions; }
}

/** The bot's quote cash moved by its own fills on the exchange (never the paper broker's): sells bring in, buys spend, quote fees cost. */
async function cashFlows(tx: Tx, accountId: string): Promise<number> {
  const [r] = await tx.$queryRaw<{ flow: string | null }[]>`
    SELECT SUM(CASE WHEN f.side = 'SELL' THEN f.quantity * f.price ELSE -(f.quantity * f.price) END
               - CASE WHEN f."feeCurrency" = a."quoteCurrency" THEN f.fee ELSE 0 END)::text AS flow
    FROM "Fill" f JOIN "TradingAccount" a ON a.id = f."accountId" JOIN "Order" o ON o.id = f."orderId"
    WHERE f."accountId" = ${accountId}::uuid AND o.venue = 'EXCHANGE'`;
  return Number(r?.flow ?? 0);
}
