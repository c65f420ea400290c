import type { BacktestConfig, TradeRecord } from '../backtest/types';
import { defaultMarket } from '../backtest/default-market';
import { fillOrder } from '../fills/fill-order';
import { resolveExit } from '../fills/resolve-exit';
import type { Candle, Fill, FillConfig, FillResult } from '../fills/types';
import type { CandleSeries } from '../market/candle-series';
import { evaluateRiskState, type RiskStateEvaluation, type RiskStateSnapshot } from '../risk/evaluate-risk-state';
import type { EntryIntent, LastTrade, MarketRules, OpenPosition, RiskDecision } from '../risk/types';
import { validateIntent } from '../risk/validate-intent';
import { STRATEGIES, type StrategyName } from '../strategies/registry';
import { loadBar, newBar, type Bar, type Strategy } from '../strategies/strategy';
import { decide, type Decision } from './decide';
import { EMPTY_STATS, recordTrade, strategyWeight, type StrategyStats } from './learning';
import { isSkippedByAdvice, type AdviceOutcome, type AdvicePolicy } from '../advisory/advice';
import { research, type Research } from './research';
import { scan } from './scan';
import type { EntrySignal, Signal } from './signal';

/** What the pipeline needs from a run's configuration (the backtest's, or the worker's). */
export type EngineConfig = Omit<BacktestConfig, 'equity' | 'lockReviewHours'>;

export type ExitReason = TradeRecord['exitReason'];

export interface EngineMarket {
  readonly s: CandleSeries;
  /** the next candle index to process */
  i: number;
  /** the last close seen (NaN before the first) */
  mark: number;
  readonly rules: MarketRules;
  readonly fill: FillConfig;
  readonly exitFill: FillConfig;
  readonly strategies: Strategy[];
  /** the candle the strategies see, overwritten in place (see Bar) */
  readonly bar: Bar;
  /** the same candle for the fill model, overwritten in place */
  readonly candle: Candle;
  openCount: number;
}

export interface EnginePosition {
  id: string;
  m: EngineMarket;
  strategy: string;
  qty: number;
  entryPrice: number;
  entryTime: number;
  entryFee: number;
  stop: number;
  target: number;
  riskAmount: number;
  equityAtEntry: number;
  /** candles of its market seen since entry (for the time exit) */
  candles: number;
  /** an exit decided on a close, filled at the next open */
  queuedExit: ExitReason | null;
}

/** An approved entry: a market order that fills at the next open of its market. */
export interface EnginePending {
  id: string;
  m: EngineMarket;
  strategy: string;
  qty: number;
  stop: number;
  target: number;
  notional: number;
  riskAmount: number;
  equityAtEntry: number;
  /** the close time of the candle the decision was taken on */
  decidedAt: number;
}

export type SkipReason = 'already_in' | `scan_${string}` | `decide_${Extract<Decision, { kind: 'skip' }>['reason']}` | 'llm_advice' | EntryBlock;

/** Why a live runner holds entries back for a candle (an exchange broker only; exits go on). */
export type EntryBlock = 'live_stale_candle' | 'live_not_reconciled' | 'live_exchange_lost' | 'live_backup_standby';

/** Every reason the pipeline skips a signal before the validator (the Journal's rule filter lists them). */
export const SKIP_REASONS = [
  'already_in', 'scan_history', 'scan_illiquid', 'scan_too_calm', 'scan_too_volatile', 'decide_correlated', 'decide_downtrend', 'decide_size', 'llm_advice',
  'live_stale_candle', 'live_not_reconciled', 'live_exchange_lost', 'live_backup_standby',
] as const satisfies readonly SkipReason[];

/** Every outcome of the entry path, for the JOURNAL. `decision` is set when the validator ran. */
export interface DecisionEvent {
  t: number;
  signal: EntrySignal;
  skip: SkipReason | null;
  decision: RiskDecision | null;
  /** what DECIDE proposed (null when skipped before DECIDE produced one) */
  intent: EntryIntent | null;
  pendingId: string | null;
  weight: number;
  sizeFactor: number;
  /** RESEARCH's context (null when skipped before it ran): the journal keeps the regime each trade entered in */
  research: Research | null;
}

/** What the pipeline tells its mode: the backtest counts, paper writes rows. All optional. */
export interface EngineSink {
  decision?(e: DecisionEvent): void;
  entryQueued?(e: EnginePending): void;
  entryFilled?(p: EnginePosition, fill: Fill, pending: EnginePending): void;
  entryUnfilled?(e: EnginePending, reason: string, t: number): void;
  exitQueued?(p: EnginePosition, reason: ExitReason, t: number): void;
  closed?(p: EnginePosition, trade: TradeRecord, fill: { price: number; fee: number }): void;
}

/** An entry signal of the candle time about to be processed, before any stage has seen it. */
export interface EntryCandidate { m: EngineMarket; i: number; signal: EntrySignal }

/** The LLM advisory's answers for one candle time, by the very signal objects `signalsAhead` returned. */
export interface EngineAdvice { outcomes: ReadonlyMap<EntrySignal, AdviceOutcome>; policy: AdvicePolicy }

export interface EngineState {
  cash: number;
  risk: RiskStateSnapshot;
  isSafeMode: boolean;
  /** extreme market mode's size multiplier while it is on (the validator scales entries by it) */
  extremeSizeMultiplier?: number;
  positions: EnginePosition[];
  pending: EnginePending[];
  lastTrade: Record<string, LastTrade>;
  stats: Record<string, StrategyStats>;
}

/** Feed candles m.i..upTo to the strategies only: rebuilds their indicators after a restart, trading nothing. */
export function warmMarket(m: EngineMarket, upTo: number) {
  const { s } = m;
  for (let i = m.i; i <= upTo; i++) {
    const bar = loadBar(m.bar, s, i);
    for (const strat of m.strategies) strat.onCandle(bar);
  }
  if (upTo >= m.i) { m.mark = s.close[upTo]!; m.i = upTo + 1; }
}

const NO_EXIT = { exit: 'NONE' } as const;

export const isFill = (f: FillResult): f is Fill => f.status === 'FILLED' || f.status === 'PARTIAL';

/** A market for the engine: rules from its first price (or the exchange's), strategies from config. */
export function engineMarket(s: CandleSeries, cfg: Pick<EngineConfig, 'fills' | 'strategies'>, rules?: MarketRules & { priceTick: number }): EngineMarket {
  const { priceTick, ...r } = rules ?? defaultMarket(s.close[0]!);
  const fill = { ...cfg.fills, priceTick };
  return { s, i: 0, mark: NaN, rules: r, fill, exitFill: { ...fill, maxVolumeShare: 1 }, openCount: 0, bar: newBar(), candle: { openTime: NaN, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN },
    strategies: cfg.strategies.map((x) => STRATEGIES[x.name as StrategyName](s.symbol, x.params)) };
}

/**
 * The pipeline, one candle at a time, the same for every mode: only where candles come from
 * and what the sink does with the outcome differ (backtest: counters in memory; paper: rows
 * in PostgreSQL). For each candle of a market — EXECUTE the orders queued at the previous
 * close at this open; MONITOR stops, targets and time exits (CLOSE); SIGNAL on the close,
 * then SCAN → RESEARCH → DECIDE → RISK VALIDATOR, queueing approved entries for the next
 * open; LEARNING updates on every close. `endStep` runs the risk tiers once every market
 * has processed a time. Exits fill whole (volume impact still priced): a simulated stop
 * never leaves half a position.
 */
export class PipelineEngine {
  /** set by a live runner while entries must wait (catching up on old candles, not reconciled, exchange lost) */
  entryBlock: EntryBlock | null = null;
  readonly decisions = { approved: 0, shrunk: 0, rejected: 0, byRule: {} as Record<string, number>, skipped: {} as Record<string, number> };
  /**
   * The LLM advisory's answers for the next `advance` (paper and live set it after `signalsAhead`);
   * null in backtests, which never ask. Consumed by that `advance`.
   */
  advice: EngineAdvice | null = null;
  /** signals computed by `signalsAhead` for one candle time, replayed by its `advance` */
  private ahead: { t: number; byMarket: Map<EngineMarket, Signal[]> } | null = null;

  constructor(
    readonly markets: EngineMarket[],
    readonly cfg: EngineConfig,
    readonly state: EngineState,
    private readonly sink: EngineSink,
    private readonly newId: () => string,
    /**
     * simulated: EXECUTE fills queued orders on the next candle and MONITOR resolves stops and
     * targets on its path (backtest, paper). exchange: the exchange fills them and holds the
     * stops (live); the runner reports fills with `openFromFill` and exits with `closeFromFill`.
     */
    readonly broker: 'simulated' | 'exchange' = 'simulated',
  ) {
    for (const p of state.positions) p.m.openCount += 1;
  }

  equity(): number {
    let e = this.state.cash;
    for (const p of this.state.positions) e += p.qty * (p.m.mark === p.m.mark ? p.m.mark : p.entryPrice);
    return e;
  }

  /** The earliest unprocessed candle time over all markets (Infinity when all are done). */
  nextTime(): number {
    let t = Infinity;
    for (const m of this.markets) if (m.i < m.s.length && m.s.time[m.i]! < t) t = m.s.time[m.i]!;
    return t;
  }

  /** Process every market's candle at time t, then the risk tiers. */
  advance(t: number): RiskStateEvaluation {
    if (this.ahead !== null && this.ahead.t !== t) throw new Error(`signals were computed ahead for ${this.ahead.t}, not for ${t}`);
    for (const m of this.markets) if (m.i < m.s.length && m.s.time[m.i] === t) { this.stepMarket(m); m.i += 1; }
    this.ahead = null;
    this.advice = null;
    return this.endStep(t);
  }

  /**
   * SIGNAL for candle time t ahead of `advance(t)`, so the runner can ask the LLM advisory
   * about the entries before DECIDE. Strategies see candles only, never the engine's state,
   * so calling them first and replaying their signals in `advance(t)` in the same order
   * gives the same decisions as calling them inside it. Returns the entry signals.
   */
  signalsAhead(t: number): EntryCandidate[] {
    if (this.ahead !== null) throw new Error(`signals were already computed ahead for ${this.ahead.t}`);
    const byMarket = new Map<EngineMarket, Signal[]>();
    const entries: EntryCandidate[] = [];
    for (const m of this.markets) {
      if (!(m.i < m.s.length && m.s.time[m.i] === t)) continue;
      const bar = loadBar(m.bar, m.s, m.i);
      const signals: Signal[] = [];
      for (const strat of m.strategies) {
        const sig = strat.onCandle(bar);
        if (!sig) continue;
        // a copy: the map of advice is keyed by these objects, whatever a strategy does with its own
        const copy = { ...sig };
        signals.push(copy);
        if (copy.kind === 'ENTRY') entries.push({ m, i: m.i, signal: copy });
      }
      byMarket.set(m, signals);
    }
    this.ahead = { t, byMarket };
    return entries;
  }

  endStep(t: number): RiskStateEvaluation {
    const ev = evaluateRiskState(this.state.risk, this.equity(), new Date(t), this.cfg.limits, this.cfg.timeZone);
    this.state.risk = ev;
    return ev;
  }

  /** Close every open position at its market's last price (the data ended). */
  closeAll(t: number, reason: ExitReason) {
    for (const p of [...this.state.positions]) this.close(p, p.m.mark, p.qty * p.m.mark * this.cfg.fills.takerFeeRate, t, reason);
  }

  private count(o: Record<string, number>, k: string) { o[k] = (o[k] ?? 0) + 1; }

  /** An entry the exchange filled (whole or in part): the pending entry becomes a position. */
  openFromFill(pendingId: string, fill: { id: string; qty: number; price: number; fee: number; time: number; stop?: number; target?: number }): EnginePosition | null {
    const st = this.state;
    const k = st.pending.findIndex((e) => e.id === pendingId);
    if (k < 0) return null;
    const e = st.pending[k]!;
    st.pending.splice(k, 1);
    st.cash -= fill.qty * fill.price + fill.fee;
    e.m.openCount += 1;
    const p: EnginePosition = { id: fill.id, m: e.m, strategy: e.strategy, qty: fill.qty, entryPrice: fill.price, entryTime: fill.time, entryFee: fill.fee,
      stop: fill.stop ?? e.stop, target: fill.target ?? e.target, riskAmount: e.riskAmount * Math.min(1, fill.qty / e.qty), equityAtEntry: e.equityAtEntry, candles: 0, queuedExit: null };
    st.positions.push(p);
    return p;
  }

  /** An entry the exchange refused or never filled: it no longer counts as pending exposure. */
  dropPending(pendingId: string): EnginePending | null {
    const k = this.state.pending.findIndex((e) => e.id === pendingId);
    return k < 0 ? null : this.state.pending.splice(k, 1)[0]!;
  }

  /** A position the exchange closed (its stop, its target, or our market exit filled). */
  closeFromFill(positionId: string, price: number, fee: number, t: number, reason: ExitReason): boolean {
    const p = this.state.positions.find((x) => x.id === positionId);
    if (!p) return false;
    this.close(p, price, fee, t, reason);
    return true;
  }

  /** Exchange broker: stops and targets rest on the exchange; only the time exit is the pipeline's. */
  private countHeld(m: EngineMarket, t: number) {
    for (const p of this.state.positions) {
      if (p.m !== m) continue;
      p.candles += 1;
      if (this.cfg.maxHoldCandles > 0 && p.candles >= this.cfg.maxHoldCandles && p.queuedExit === null) {
        p.queuedExit = 'TIME';
        this.sink.exitQueued?.(p, 'TIME', t);
      }
    }
  }

  private close(p: EnginePosition, price: number, fee: number, t: number, reason: ExitReason) {
    const st = this.state;
    st.cash += p.qty * price - fee;
    const pnl = p.qty * (price - p.entryPrice) - p.entryFee - fee;
    const rMultiple = pnl / p.riskAmount;
    const trade: TradeRecord = { symbol: p.m.s.symbol, strategy: p.strategy, side: 'LONG', entryTime: p.entryTime, entryPrice: p.entryPrice, qty: p.qty,
      stopPrice: p.stop, targetPrice: p.target, exitTime: t, exitPrice: price, exitReason: reason, fees: p.entryFee + fee, pnl, rMultiple,
      equityAtEntry: p.equityAtEntry, riskAmount: p.riskAmount };
    st.lastTrade[p.strategy] = { isLoss: pnl < 0, riskFraction: p.riskAmount / p.equityAtEntry };
    st.stats[p.strategy] = recordTrade(st.stats[p.strategy] ?? EMPTY_STATS, { pnl, rMultiple });
    st.positions.splice(st.positions.indexOf(p), 1);
    p.m.openCount -= 1;
    this.sink.closed?.(p, trade, { price, fee });
  }

  /** One candle (index m.i) of one market; the caller advances m.i. */
  stepMarket(m: EngineMarket) {
    const st = this.state;
    const { s } = m;
    const i = m.i;
    const t = s.time[i]!;
    // most candles have nothing open or queued in their market: no order work, no allocation
    if (this.broker === 'exchange') { if (m.openCount > 0) this.countHeld(m, t); } else if (m.openCount > 0 || st.pending.length > 0) this.executeAndMonitor(m, i);
    m.mark = s.close[i]!;
    // SIGNAL on the close (or the signals `signalsAhead` already took from the strategies)
    const ahead = this.ahead?.byMarket.get(m);
    if (ahead !== undefined) {
      for (const sig of ahead) this.onSignal(m, i, t, sig);
      return;
    }
    const bar = loadBar(m.bar, s, i);
    for (const strat of m.strategies) {
      const sig = strat.onCandle(bar);
      if (sig) this.onSignal(m, i, t, sig);
    }
  }

  private onSignal(m: EngineMarket, i: number, t: number, sig: Signal) {
    const mine = this.state.positions.find((p) => p.m === m && p.strategy === sig.strategy);
    if (sig.kind === 'EXIT') {
      if (mine && mine.queuedExit === null) { mine.queuedExit = 'SIGNAL'; this.sink.exitQueued?.(mine, 'SIGNAL', t); }
      return;
    }
    this.enter(m, i, t, sig, mine !== undefined);
  }

  /**
   * EXECUTE the orders queued at the previous close at this open, then MONITOR → CLOSE.
   * Runs for every candle of a market with something open: index loops and the market's
   * own candle object, no per-candle arrays. `close` removes a position where it stands,
   * so the loops visit positions in the order a snapshot would.
   */
  private executeAndMonitor(m: EngineMarket, i: number) {
    const st = this.state;
    const { s } = m;
    const t = s.time[i]!;
    const candle = m.candle;
    candle.openTime = t; candle.open = s.open[i]!; candle.high = s.high[i]!; candle.low = s.low[i]!; candle.close = s.close[i]!; candle.volume = s.volume[i]!;
    const positions = st.positions;
    // EXECUTE at this open: queued exits, then queued entries (market orders placed at the previous close)
    if (m.openCount > 0) for (let k = 0; k < positions.length;) {
      const p = positions[k]!;
      if (p.m === m && p.queuedExit !== null) {
        const f = fillOrder({ type: 'MARKET', side: 'SELL', quantity: p.qty }, candle, m.rules, m.exitFill);
        if (isFill(f)) { this.close(p, f.price, f.fee, t, p.queuedExit); continue; }
      }
      k++;
    }
    if (st.pending.length) {
      const pending = st.pending;
      let kept = 0;
      for (let k = 0; k < pending.length; k++) {
        const e = pending[k]!;
        if (e.m !== m) { pending[kept++] = e; continue; }
        const f = fillOrder({ type: 'MARKET', side: 'BUY', quantity: e.qty }, candle, m.rules, m.fill);
        if (isFill(f)) {
          st.cash -= f.notional + f.fee;
          m.openCount += 1;
          const p: EnginePosition = { id: this.newId(), m, strategy: e.strategy, qty: f.quantity, entryPrice: f.price, entryTime: t, entryFee: f.fee,
            stop: e.stop, target: e.target, riskAmount: e.riskAmount * (f.quantity / e.qty), equityAtEntry: e.equityAtEntry, candles: 0, queuedExit: null };
          positions.push(p);
          this.sink.entryFilled?.(p, f, e);
        } else {
          const reason = `fill_${f.status === 'REFUSED' ? f.reason : 'not_triggered'}`.toLowerCase();
          this.count(this.decisions.skipped, reason);
          this.sink.entryUnfilled?.(e, reason, t);
        }
      }
      pending.length = kept;
    }
    // MONITOR → CLOSE: stop (assumed first), target, time exit
    const low = candle.low;
    const high = candle.high;
    if (m.openCount > 0) for (let k = 0; k < positions.length;) {
      const p = positions[k]!;
      if (p.m !== m) { k++; continue; }
      // a candle entirely between the stop and the target triggers neither (the target, a
      // resting sell limit rounded up to the tick, needs the high strictly above it)
      const ex = low > p.stop && high <= p.target ? NO_EXIT : resolveExit({ side: 'LONG', quantity: p.qty, stopPrice: p.stop, targetPrice: p.target }, candle, m.rules, m.exitFill);
      if (ex.exit !== 'NONE' && isFill(ex.fill)) { this.close(p, ex.fill.price, ex.fill.fee, t, ex.exit); continue; }
      k++;
      p.candles += 1;
      if (this.cfg.maxHoldCandles > 0 && p.candles >= this.cfg.maxHoldCandles && p.queuedExit === null) {
        p.queuedExit = 'TIME';
        this.sink.exitQueued?.(p, 'TIME', t);
      }
    }
  }

  private enter(m: EngineMarket, i: number, t: number, sig: EntrySignal, isIn: boolean) {
    const st = this.state;
    const { s } = m;
    let rs: Research | null = null;
    const skip = (reason: SkipReason, weight = 1, sizeFactor = 0) => {
      this.count(this.decisions.skipped, reason);
      this.sink.decision?.({ t, signal: sig, skip: reason, decision: null, intent: null, pendingId: null, weight, sizeFactor, research: rs });
    };
    if (isIn || st.pending.some((e) => e.m === m && e.strategy === sig.strategy)) return skip('already_in');
    if (this.entryBlock !== null) return skip(this.entryBlock);
    const sc = scan([{ series: s, at: i }], this.cfg.scan);
    if (!sc.selected.length) return skip(`scan_${sc.dropped[0]?.reason ?? 'none'}`);
    // other markets: their last candle already closed (index i - 1 after this time's step, or before it)
    const openMarkets = [...new Set(st.positions.map((p) => p.m))].filter((x) => x !== m && x.i >= 2).map((x) => ({ series: x.s, at: x.i - 1 }));
    rs = research(s, i, openMarkets, this.cfg.research);
    const equity = this.equity();
    const weight = strategyWeight(st.stats[sig.strategy] ?? EMPTY_STATS, this.cfg.learning);
    // the advisory moves the signal's score only: below the floor it is skipped, otherwise DECIDE and
    // the validator see exactly what they would without it (same intent, same limits)
    const advice = this.advice?.outcomes.get(sig);
    if (advice !== undefined) {
      rs.advisory = advice;
      if (isSkippedByAdvice(advice, this.advice!.policy)) return skip('llm_advice', weight);
    }
    const d = decide(sig, rs, { equity, weight, market: m.rules, asset: s.base }, this.cfg.decide);
    if (d.kind === 'skip') return skip(`decide_${d.reason}`, weight);
    const open: OpenPosition[] = st.positions.map((p) => ({ id: p.id, symbol: p.m.s.symbol, asset: p.m.s.base, side: 'LONG', strategy: p.strategy,
      quantity: p.qty, entryPrice: p.entryPrice, markPrice: p.m.mark, stopPrice: p.stop }));
    const r = st.risk;
    const dec = validateIntent({
      intent: d.intent, market: m.rules, limits: this.cfg.limits,
      state: { equity, peakEquity: r.peakEquity, pauseAnchorEquity: r.pauseAnchorEquity, dayStartEquity: r.dayStartEquity, tradingState: r.tradingState,
        isSafeMode: st.isSafeMode, extremeSizeMultiplier: st.extremeSizeMultiplier, positions: open,
        pendingEntries: st.pending.map((e) => ({ symbol: e.m.s.symbol, asset: e.m.s.base, notional: e.notional })), lastTradeByStrategy: st.lastTrade },
    });
    let pendingId: string | null = null;
    if (dec.outcome === 'REJECTED') {
      this.decisions.rejected += 1;
      this.count(this.decisions.byRule, dec.rule ?? 'unknown');
    } else {
      if (dec.outcome === 'SHRUNK') { this.decisions.shrunk += 1; this.count(this.decisions.byRule, dec.rule ?? 'unknown'); } else this.decisions.approved += 1;
      const e: EnginePending = { id: this.newId(), m, strategy: sig.strategy, qty: dec.quantity, stop: d.intent.stopPrice!, target: d.intent.targetPrice!,
        notional: dec.quantity * d.intent.entryPrice, riskAmount: dec.riskFraction * equity, equityAtEntry: equity, decidedAt: t };
      st.pending.push(e);
      pendingId = e.id;
    }
    this.sink.decision?.({ t, signal: sig, skip: null, decision: dec, intent: d.intent, pendingId, weight, sizeFactor: d.sizeFactor, research: rs });
    if (pendingId !== null) this.sink.entryQueued?.(st.pending.at(-1)!);
  }
}
