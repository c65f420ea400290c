import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Db, Tx } from '@/adapters/db/client';
import { EVENTS_CHANNEL } from '@/adapters/db/channels';
import { decisionRow, writeEntryDecision } from '@/worker/pipeline/journal-decision';
import { writeJournalBatch, type JournalRow } from '@/adapters/repo/journal-batch';
import { extremeMultiplierFromRow, riskConfigFromRow, riskSnapshotFromRow } from '@/adapters/repo/risk-inputs';
import { resolveLimits } from '@/domain/risk/risk-config';
import { lockAccount, persistRiskState } from '@/adapters/repo/risk-state';
import type { Prisma } from '@/generated/prisma/client';
import type { OrderPurpose } from '@/generated/prisma/enums';
import type { TradeRecord } from '@/domain/backtest/types';
import type { Fill } from '@/domain/fills/types';
import { indexAtOrBefore } from '@/domain/market/candle-series';
import { legOrderIdFor } from '@/domain/orders/client-order-id';
import {
  engineMarket, PipelineEngine, warmMarket, type DecisionEvent, type EngineConfig, type EngineMarket, type EnginePending, type EnginePosition,
  type EngineSink, type EngineState, type ExitReason,
} from '@/domain/pipeline/engine';
import { lossFraction } from '@/domain/risk/loss-fraction';
import { loadEngineState, toExitReason } from './load-state';
import { alertTradeOpened, checkLossStreak } from '@/adapters/repo/trade-alerts';
import { saveStrategyStats } from '@/adapters/repo/strategy-stats';
import type { LlmAdvisor } from '@/adapters/llm/openai-compatible';
import { adviseCandle } from '@/worker/pipeline/advise-candle';
import type { PriceSource } from './exchange-feed';
import type { ReplayFeed } from './replay-feed';
import type { Fence } from '@/worker/leases/fence';

export interface PaperOptions {
  accountId: string;
  /** the exchange the candles are stored under (the account's), for the dashboard's charts */
  exchange: string;
  feed: ReplayFeed;
  /** candle time per wall time: 1 = real time, 3600 = an hour of candles per second */
  speed: number;
  /** where a new replay begins (the candles before it only warm the indicators) */
  start: Date;
  cfg: EngineConfig;
  workerLabel: string;
  /** candle times processed in one transaction at most (catching up after a pause) */
  maxStepsPerTick?: number;
  /** live prices: the replay clock is the newest candle closed on the exchange, not wall time × speed */
  source?: PriceSource;
  /** the LLM advisory (LLM_ENABLED=true): asked about each candle's entry signals before DECIDE */
  advisor?: LlmAdvisor;
  /** the account's lease (docs/scaling.md): its epoch goes on every order; a lost lease stops the tick */
  fence?: Fence;
}

export interface TickResult {
  steps: number; cursor: number | null; trades: number; isDone: boolean;
  /** the simulated broker's fills of the tick, by order purpose (the order_submit metric) */
  fills: OrderPurpose[];
}

type Op = (tx: Tx) => Promise<unknown>;

const dec = (x: number) => (Number.isFinite(x) ? x.toFixed(12) : '0');
const PROTECTIVE: Record<string, 'STOP' | 'TARGET' | undefined> = { STOP: 'STOP', TARGET: 'TARGET' };

/**
 * Paper mode: the pipeline engine over replayed candles, with the simulated broker's
 * orders, fills and positions in PostgreSQL. Each tick advances the replay clock by the
 * wall time elapsed × speed and processes every candle time that closed, in one
 * transaction that also moves the cursor: a crash loses at most the uncommitted tick,
 * and a restart (open) rebuilds the engine from the rows and continues after the
 * cursor, with nothing placed twice. The account's risk state row is locked for the
 * tick, so safe mode and lock resets from the control channel apply between ticks.
 */
export class PaperRunner {
  private readonly engine: PipelineEngine;
  private ops: Op[] = [];
  private batch: JournalRow[] = [];
  private closedTrades = 0;
  private closedPnl = 0;
  private fills: OrderPurpose[] = [];
  private lastDecision: DecisionEvent | null = null;

  private constructor(
    private readonly db: Db,
    private readonly o: PaperOptions,
    markets: EngineMarket[],
    state: EngineState,
    private cursor: number | null,
    private virtualMs: number,
    private lastWallMs: number,
  ) {
    this.engine = new PipelineEngine(markets, { ...o.cfg }, state, this.sink, randomUUID);
  }

  /** Start or resume the account's replay from what PostgreSQL holds. */
  static async open(db: Db, o: PaperOptions, wallNow: Date): Promise<PaperRunner> {
    const markets = o.feed.series.filter((s) => s.length > 0).map((s) => engineMarket(s, o.cfg, o.feed.rules?.[s.symbol]));
    return db.$transaction(async (tx) => {
      await lockAccount(tx, o.accountId);
      let replay = await tx.paperReplay.findUnique({ where: { accountId: o.accountId } });
      if (!replay) {
        const rs = await tx.riskState.findUniqueOrThrow({ where: { accountId: o.accountId } });
        replay = await tx.paperReplay.create({
          data: { accountId: o.accountId, cash: rs.stageCapital, feed: { files: o.feed.files.map((f) => (o.source ? f : path.basename(f))), start: o.start.toISOString(), prices: o.source ? 'exchange' : 'replay' } },
        });
      }
      const cursor = replay.cursorTime?.getTime() ?? null;
      const warmTo = cursor ?? o.start.getTime() - 1;
      // the indicators see every candle up to the cursor again, as if the worker had never stopped
      for (const m of markets) warmMarket(m, indexAtOrBefore(m.s, warmTo));
      const state = await loadEngineState(tx, o.accountId, replay.cash.toNumber(), markets);
      return new PaperRunner(db, o, markets, state, cursor, warmTo + o.feed.timeframeMs, wallNow.getTime());
    }, { timeout: 60_000 });
  }

  get isDone() { return this.engine.nextTime() === Infinity; }
  get state(): Readonly<EngineState> { return this.engine.state; }

  /** Advance the replay clock to `wallNow` and persist every candle time that closed by then. */
  async tick(wallNow: Date): Promise<TickResult> {
    const tf = this.o.feed.timeframeMs;
    const max = this.o.maxStepsPerTick ?? 500;
    if (this.o.source) {
      // live prices: every candle the exchange has closed, and no further
      const latest = await this.o.source.poll(wallNow.getTime());
      if (latest !== null) this.virtualMs = latest + tf;
    } else this.virtualMs += Math.max(0, wallNow.getTime() - this.lastWallMs) * this.o.speed;
    this.lastWallMs = wallNow.getTime();
    // a worker paused past its lease writes nothing (the database refuses its orders anyway)
    this.o.fence?.assertHeld();
    const first = this.engine.nextTime();
    if (first === Infinity || first + tf > this.virtualMs) return { steps: 0, cursor: this.cursor, trades: 0, isDone: first === Infinity, fills: [] };
    const accountId = this.o.accountId;
    let steps = 0;
    this.closedTrades = 0;
    this.fills = [];
    await this.db.$transaction(async (tx) => {
      this.ops = [];
      this.batch = [];
      this.closedPnl = 0;
      // the control channel may have changed safe mode, reset a lock or asked for closes since the last tick
      if (!(await lockAccount(tx, accountId))) throw new Error(`account ${accountId} has no risk state`);
      const row = await tx.riskState.findUniqueOrThrow({ where: { accountId } });
      // another worker replaying the same account would write every candle time twice: the
      // cursor in the row must be the one this runner last committed, or it reloads
      const replayRow = await tx.paperReplay.findUniqueOrThrow({ where: { accountId }, select: { cursorTime: true, cash: true } });
      if ((replayRow.cursorTime?.getTime() ?? null) !== this.cursor) {
        throw new Error(`the replay of account ${accountId} moved under this worker (another worker on the same account?): reloading from the database`);
      }
      // a stage change moved the simulated cash to the new stage capital: rebuild from the rows
      // (compared as numbers with a tolerance: the stored decimal text of a large balance need not
      // round-trip through float64 to the same 12 places, and that must never read as a change)
      if (Math.abs(replayRow.cash.toNumber() - this.engine.state.cash) > 1e-6) {
        throw new Error(`the paper cash of account ${accountId} changed outside this worker (a stage change): reloading from the database`);
      }
      const st = this.engine.state;
      // limits tightened on the Risk page apply from this tick on
      const config = riskConfigFromRow(await tx.riskConfig.findUnique({ where: { accountId } }));
      this.engine.cfg.limits = resolveLimits(config);
      this.engine.cfg.timeZone = config.dayTimeZone ?? this.o.cfg.timeZone;
      st.risk = riskSnapshotFromRow(row);
      st.isSafeMode = row.isSafeMode;
      st.extremeSizeMultiplier = extremeMultiplierFromRow(row);
      const closing = await tx.position.findMany({ where: { accountId, status: 'CLOSING', venue: 'PAPER' }, select: { id: true, exitReason: true } });
      for (const c of closing) {
        const p = st.positions.find((x) => x.id === c.id);
        if (p && p.queuedExit === null) { p.queuedExit = toExitReason(c.exitReason); this.ops.push((x) => this.createExitOrder(x, p, p.queuedExit!)); }
      }
      // entries cancelled through the control channel (a rollback) are not filled
      if (st.pending.length) {
        const live = await tx.order.findMany({ where: { id: { in: st.pending.map((e) => e.id) }, status: 'SUBMITTED' }, select: { id: true } });
        const keep = new Set(live.map((o) => o.id));
        st.pending = st.pending.filter((e) => keep.has(e.id));
      }
      const stageCapital = row.stageCapital.toNumber();
      const realizedBefore = row.realizedPnl.toNumber();
      const snapshots: Prisma.EquitySnapshotCreateManyInput[] = [];
      const candles: Prisma.CandleCreateManyInput[] = [];
      let isAdvised = false;
      // a candle time whose signals went to the advisory ends the tick: the transaction (and the
      // account's row lock) is held for at most one advisory round of at most its time-out
      for (let t = this.engine.nextTime(); t !== Infinity && t + tf <= this.virtualMs && steps < max && !isAdvised; t = this.engine.nextTime()) {
        if (this.o.advisor) isAdvised = (await adviseCandle(this.engine, t, this.o.advisor, tf)) > 0;
        const ev = this.engine.advance(t);
        // the candles the pipeline saw, for the position and trade charts
        for (const m of this.engine.markets) {
          const i = m.i - 1;
          if (i >= 0 && m.s.time[i] === t) {
            candles.push({ exchange: this.o.exchange, symbol: m.s.symbol, timeframe: m.s.timeframe, openTime: new Date(t),
              open: m.s.open[i]!, high: m.s.high[i]!, low: m.s.low[i]!, close: m.s.close[i]!, volume: m.s.volume[i]! });
          }
        }
        steps += 1;
        this.cursor = t;
        const equity = this.engine.equity();
        const realizedPnl = realizedBefore + this.closedPnl;
        if (ev.events.length) this.ops.push((x) => persistRiskState(x, accountId, { ...ev, equity }, ev.events, { label: this.o.workerLabel }, new Date(t)));
        let exposure = 0;
        for (const p of st.positions) exposure += p.qty * p.m.mark;
        snapshots.push({ accountId, at: new Date(t + tf), equity: dec(equity), cash: dec(st.cash), exposure: dec(exposure), realizedPnl: dec(realizedPnl),
          unrealizedPnl: dec(equity - stageCapital - realizedPnl), drawdownFraction: dec(lossFraction(ev.peakEquity, equity)) });
      }
      for (const op of this.ops) await op(tx);
      if (this.batch.length) await writeJournalBatch(tx, this.batch);
      await tx.equitySnapshot.createMany({ data: snapshots });
      // another account replaying the same files stores the same candles: the first one stays
      await tx.candle.createMany({ data: candles, skipDuplicates: true });
      const last = snapshots.at(-1)!;
      await persistRiskState(tx, accountId, { ...st.risk, equity: Number(last.equity) }, [], { label: this.o.workerLabel }, last.at as Date);
      await tx.riskState.update({ where: { accountId }, data: { realizedPnl: last.realizedPnl, unrealizedPnl: last.unrealizedPnl } });
      const marks = Object.fromEntries(this.engine.markets.filter((m) => m.mark === m.mark).map((m) => [m.s.symbol, m.mark]));
      await tx.paperReplay.update({ where: { accountId }, data: { cash: dec(st.cash), cursorTime: new Date(this.cursor!), marks } });
      // delivered at commit: open dashboards refetch now rather than at their next poll
      await tx.$executeRaw`SELECT pg_notify(${EVENTS_CHANNEL}, ${`tick:${accountId}`})`;
    }, { timeout: 60_000 });
    // after a pause or a slow database, catch up at most one tick's worth at a time
    this.virtualMs = Math.min(this.virtualMs, (this.cursor ?? 0) + tf * (max + 1));
    return { steps, cursor: this.cursor, trades: this.closedTrades, isDone: this.isDone, fills: this.fills };
  }

  private readonly sink: EngineSink = {
    decision: (e) => {
      if (e.pendingId !== null) { this.lastDecision = e; return; }
      this.batch.push(decisionRow(this.o.accountId, e, new Date(e.t + this.o.feed.timeframeMs)));
    },
    entryQueued: (p) => {
      const e = this.lastDecision!;
      this.lastDecision = null;
      const at = new Date(e.t + this.o.feed.timeframeMs);
      this.ops.push((tx) => writeEntryDecision(tx, this.o.accountId, e, p, at, { status: 'SUBMITTED', quantity: dec(p.qty), submittedAt: at, venue: 'PAPER', leaseEpoch: this.o.fence?.epoch }));
    },
    entryFilled: (p, f, e) => {
      this.fills.push('ENTRY');
      this.ops.push((tx) => this.recordEntryFill(tx, p, f, e));
    },
    entryUnfilled: (e, reason, t) => {
      this.ops.push(async (tx) => {
        await tx.order.update({ where: { id: e.id }, data: { status: 'CANCELED', lastError: reason } });
        await tx.journalEntry.create({ data: { accountId: this.o.accountId, at: new Date(t), kind: 'ORDER', symbol: e.m.s.symbol, strategy: e.strategy,
          message: `entry not filled (${reason}): order cancelled`, details: { orderId: e.id, reason } } });
      });
    },
    exitQueued: (p, reason) => { this.ops.push((tx) => this.createExitOrder(tx, p, reason)); },
    closed: (p, trade, fill) => {
      this.closedTrades += 1;
      this.closedPnl += trade.pnl;
      this.fills.push(PROTECTIVE[trade.exitReason] ?? 'EXIT');
      this.ops.push((tx) => this.recordClose(tx, p, trade, fill));
    },
  };

  private async recordEntryFill(tx: Tx, p: EnginePosition, f: Fill, e: EnginePending) {
    const accountId = this.o.accountId;
    const at = new Date(f.time);
    const order = await tx.order.update({ where: { id: e.id }, data: { status: 'FILLED', filledQuantity: dec(f.quantity), avgFillPrice: dec(f.price), positionId: null } });
    await tx.position.create({ data: {
      id: p.id, accountId, symbol: p.m.s.symbol, side: 'LONG', status: 'OPEN', strategy: p.strategy, quantity: dec(p.qty), entryPrice: dec(p.entryPrice),
      stopPrice: dec(p.stop), targetPrice: dec(p.target), initialRisk: dec(p.riskAmount), riskFraction: dec(p.riskAmount / p.equityAtEntry),
      openedAt: at, fees: dec(p.entryFee), decisionId: order.decisionId,
    } });
    await tx.order.update({ where: { id: e.id }, data: { positionId: p.id } });
    await tx.fill.create({ data: { accountId, orderId: e.id, exchangeTradeId: `paper-${e.id}`, symbol: p.m.s.symbol, side: 'BUY', quantity: dec(f.quantity),
      price: dec(f.price), fee: dec(f.fee), feeCurrency: p.m.s.quote, filledAt: at } });
    // the protective pair rests with the position from the moment it exists (one cancels the other)
    const decisionId = order.decisionId ?? 0n;
    await tx.order.createMany({ data: [
      { accountId, clientOrderId: legOrderIdFor(decisionId, 'sl'), symbol: p.m.s.symbol, side: 'SELL', type: 'STOP_LOSS_LIMIT', purpose: 'STOP', status: 'OPEN',
        quantity: dec(p.qty), stopPrice: dec(p.stop), positionId: p.id, decisionId, submittedAt: at, leaseEpoch: this.o.fence?.epoch ?? null },
      { accountId, clientOrderId: legOrderIdFor(decisionId, 'tp'), symbol: p.m.s.symbol, side: 'SELL', type: 'TAKE_PROFIT_LIMIT', purpose: 'TARGET', status: 'OPEN',
        quantity: dec(p.qty), price: dec(p.target), positionId: p.id, decisionId, submittedAt: at, leaseEpoch: this.o.fence?.epoch ?? null },
    ] });
    await alertTradeOpened(tx, { accountId, positionId: p.id, symbol: p.m.s.symbol, strategy: p.strategy, quantity: f.quantity, price: f.price, stop: p.stop, target: p.target, venue: 'PAPER' }, at);
    await tx.journalEntry.create({ data: { accountId, at, kind: 'FILL', symbol: p.m.s.symbol, strategy: p.strategy,
      message: `bought ${f.quantity} ${p.m.s.symbol} at ${f.price} (fee ${f.fee.toFixed(4)}); stop ${p.stop}, target ${p.target} placed`,
      details: { orderId: e.id, positionId: p.id, price: f.price, quantity: f.quantity, fee: f.fee, slippageBps: f.slippageBps, isGap: f.isGap } } });
  }

  private async createExitOrder(tx: Tx, p: EnginePosition, reason: ExitReason) {
    const pos = await tx.position.update({ where: { id: p.id }, data: { status: 'CLOSING', exitReason: reason === 'END' ? 'MANUAL' : reason } });
    const clientOrderId = legOrderIdFor(pos.decisionId ?? 0n, 'x');
    const existing = await tx.order.findUnique({ where: { clientOrderId } });
    if (!existing) {
      await tx.order.create({ data: { accountId: this.o.accountId, clientOrderId, symbol: p.m.s.symbol, side: 'SELL', type: 'MARKET', purpose: 'EXIT',
        status: 'SUBMITTED', quantity: dec(p.qty), positionId: p.id, decisionId: pos.decisionId, raw: { reason }, leaseEpoch: this.o.fence?.epoch ?? null } });
    }
  }

  private async recordClose(tx: Tx, p: EnginePosition, trade: TradeRecord, fill: { price: number; fee: number }) {
    const accountId = this.o.accountId;
    const at = new Date(trade.exitTime);
    const purpose = PROTECTIVE[trade.exitReason] ?? 'EXIT';
    const legs = await tx.order.findMany({ where: { positionId: p.id, purpose: { in: ['STOP', 'TARGET', 'EXIT'] }, status: { in: ['OPEN', 'SUBMITTED'] } } });
    const filled = legs.find((o) => o.purpose === purpose);
    for (const o of legs) {
      await tx.order.update({ where: { id: o.id }, data: o === filled
        ? { status: 'FILLED', filledQuantity: dec(trade.qty), avgFillPrice: dec(fill.price) }
        : { status: 'CANCELED', lastError: `position closed by ${trade.exitReason.toLowerCase()}` } });
    }
    if (filled) {
      await tx.fill.create({ data: { accountId, orderId: filled.id, exchangeTradeId: `paper-${filled.id}`, symbol: p.m.s.symbol, side: 'SELL',
        quantity: dec(trade.qty), price: dec(fill.price), fee: dec(fill.fee), feeCurrency: p.m.s.quote, filledAt: at } });
    }
    await tx.position.update({ where: { id: p.id }, data: {
      status: 'CLOSED', closedAt: at, exitPrice: dec(fill.price), exitReason: trade.exitReason === 'END' ? 'MANUAL' : trade.exitReason,
      realizedPnl: dec(trade.pnl), fees: dec(trade.fees), rMultiple: dec(trade.rMultiple),
    } });
    await saveStrategyStats(tx, accountId, p.strategy, this.engine.state.stats[p.strategy]!, this.o.cfg.learning);
    await checkLossStreak(tx, accountId, 'PAPER', at);
    await tx.journalEntry.create({ data: { accountId, at, kind: 'EXIT', symbol: p.m.s.symbol, strategy: p.strategy,
      message: `closed ${trade.qty} ${p.m.s.symbol} at ${fill.price} by ${trade.exitReason.toLowerCase()}: P&L ${trade.pnl.toFixed(2)} (${trade.rMultiple.toFixed(2)} R)`,
      details: { positionId: p.id, ...trade } } });
  }
}
