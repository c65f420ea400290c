import type { TradingState } from '@/domain/machines/trading-state';
import { evaluateRiskState, type RiskStateEvaluation, type RiskStateEvent, type RiskStateSnapshot } from '@/domain/risk/evaluate-risk-state';
import type { RiskLimits } from '@/domain/risk/limits';
import { rebaseOnStageChange, resetLock, type Rebase, type ResetResult } from '@/domain/risk/rebase';
import type { AccountRiskState, EntryIntent, LastTrade, MarketRules, OpenPosition, OrderIntent, PendingEntry, RiskDecision } from '@/domain/risk/types';
import { validateIntent } from '@/domain/risk/validate-intent';

/**
 * A small pure account for the risk engine's property tests: bot equity (cash +
 * unrealised P&L), open positions with stops and targets, pending entries, the last
 * closed trade per strategy, the trading state, safe mode and a candle clock. Every
 * order goes through validateIntent; every equity change is followed by
 * evaluateRiskState, as the worker does. It checks nothing itself: the test does.
 */
export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export interface SimSymbol { symbol: string; asset: string; market: MarketRules }

export interface SimPosition extends OpenPosition {
  targetPrice: number | null;
  /** planned risk at entry as a fraction of equity (the approved decision's) */
  riskFraction: number;
  /** realised P&L of the trade so far, fees included */
  pnl: number;
}

export interface SimPending extends PendingEntry { id: string; intent: EntryIntent; quantity: number; riskFraction: number }

const sign = (p: OpenPosition) => (p.side === 'LONG' ? 1 : -1);
const unrealised = (p: OpenPosition) => sign(p) * (p.markPrice - p.entryPrice) * p.quantity;

export class AccountSim {
  cash: number;
  readonly prices: Record<string, number>;
  positions: SimPosition[] = [];
  pending: SimPending[] = [];
  readonly lastTradeByStrategy: Record<string, LastTrade | undefined> = {};
  tradingState: TradingState = 'ACTIVE';
  isSafeMode = false;
  peakEquity: number;
  pauseAnchorEquity: number;
  pausedUntil: Date | null = null;
  dayStartEquity: number;
  dayStartedAt: Date;
  clockMs: number;
  /** risk-state events of the current step (cleared by the test between steps) */
  events: RiskStateEvent[] = [];
  private nextId = 0;

  constructor(readonly symbols: readonly SimSymbol[], prices: Record<string, number>, readonly limits: RiskLimits, capital: number, startMs: number) {
    this.prices = { ...prices };
    this.cash = capital;
    this.peakEquity = capital;
    this.pauseAnchorEquity = capital;
    this.dayStartEquity = capital;
    this.clockMs = startMs;
    this.dayStartedAt = new Date(startMs);
  }

  get equity(): number {
    let e = this.cash;
    for (const p of this.positions) e += unrealised(p);
    return e;
  }

  get now(): Date { return new Date(this.clockMs); }

  market(symbol: string): MarketRules {
    const s = this.symbols.find((x) => x.symbol === symbol);
    if (!s) throw new Error(`unknown symbol ${symbol}`);
    return s.market;
  }

  snapshot(): RiskStateSnapshot {
    return {
      tradingState: this.tradingState, peakEquity: this.peakEquity, pauseAnchorEquity: this.pauseAnchorEquity, pausedUntil: this.pausedUntil,
      dayStartEquity: this.dayStartEquity, dayStartedAt: this.dayStartedAt,
    };
  }

  riskState(): AccountRiskState {
    return {
      equity: this.equity, peakEquity: this.peakEquity, pauseAnchorEquity: this.pauseAnchorEquity, dayStartEquity: this.dayStartEquity, tradingState: this.tradingState,
      isSafeMode: this.isSafeMode, positions: this.positions, pendingEntries: this.pending, lastTradeByStrategy: this.lastTradeByStrategy,
    };
  }

  validate(intent: OrderIntent, market: MarketRules): RiskDecision {
    return validateIntent({ intent, state: this.riskState(), market, limits: this.limits });
  }

  evaluate(): RiskStateEvaluation {
    const ev = evaluateRiskState(this.snapshot(), this.equity, this.now, this.limits);
    this.adopt(ev);
    return ev;
  }

  private adopt(s: RiskStateSnapshot & { events: RiskStateEvent[] }) {
    this.tradingState = s.tradingState;
    this.peakEquity = s.peakEquity;
    this.pauseAnchorEquity = s.pauseAnchorEquity;
    this.pausedUntil = s.pausedUntil;
    this.dayStartEquity = s.dayStartEquity;
    this.dayStartedAt = s.dayStartedAt;
    this.events.push(...s.events);
  }

  /** An approved entry becomes a resting order with the approved size. */
  submitEntry(intent: EntryIntent): RiskDecision {
    const d = this.validate(intent, this.market(intent.symbol));
    if (d.outcome !== 'REJECTED') {
      this.pending.push({ id: `o${this.nextId++}`, symbol: intent.symbol, asset: intent.asset, notional: d.quantity * intent.entryPrice,
        intent, quantity: d.quantity, riskFraction: d.riskFraction });
    }
    return d;
  }

  cancel(i: number) { this.pending.splice(i, 1); }

  /** The market trades at the order's price, then the position opens with exactly the approved size and the intent's stop. */
  fill(i: number): SimPosition {
    const [o] = this.pending.splice(i, 1);
    if (!o) throw new Error('no pending entry');
    const { intent } = o;
    this.setPrice(intent.asset, intent.entryPrice, true, false);
    const fee = intent.entryPrice * o.quantity * this.market(intent.symbol).feeRate;
    const p: SimPosition = {
      id: `p${this.nextId++}`, symbol: intent.symbol, asset: intent.asset, side: intent.side, strategy: intent.strategy, quantity: o.quantity,
      entryPrice: intent.entryPrice, markPrice: intent.entryPrice, stopPrice: intent.stopPrice, targetPrice: intent.targetPrice,
      riskFraction: o.riskFraction, pnl: -fee,
    };
    this.cash -= fee;
    this.positions.push(p);
    this.evaluate();
    return p;
  }

  /**
   * A new price for an asset. Stops and targets it crosses close their positions: at the
   * new price through a gap, else at the stop or target.
   */
  setPrice(asset: string, price: number, isGap: boolean, shouldEvaluate = true) {
    this.prices[asset] = price;
    for (const p of [...this.positions]) {
      if (p.asset !== asset) continue;
      p.markPrice = price;
      const s = sign(p);
      if (p.stopPrice !== null && s * (price - p.stopPrice) <= 0) this.close(p, isGap ? price : p.stopPrice, p.quantity);
      else if (p.targetPrice !== null && s * (price - p.targetPrice) >= 0) this.close(p, isGap ? price : p.targetPrice, p.quantity);
    }
    if (shouldEvaluate) this.evaluate();
  }

  advance(minutes: number) { this.clockMs += minutes * MINUTE_MS; }

  /** Close `quantity` of a position at `price`; the whole of it records the strategy's last trade. */
  close(p: SimPosition, price: number, quantity: number) {
    const fee = price * quantity * this.market(p.symbol).feeRate;
    const realised = sign(p) * (price - p.entryPrice) * quantity - fee;
    this.cash += realised;
    p.pnl += realised;
    p.quantity -= quantity;
    if (p.quantity <= 1e-9 * this.market(p.symbol).qtyStep) {
      this.cash += unrealised(p);
      this.positions = this.positions.filter((x) => x !== p);
      this.lastTradeByStrategy[p.strategy] = { isLoss: p.pnl < 0, riskFraction: p.riskFraction };
    }
  }

  exit(p: SimPosition, quantity: number): RiskDecision {
    const d = this.validate({ kind: 'EXIT', positionId: p.id, quantity }, this.market(p.symbol));
    if (d.outcome !== 'REJECTED') {
      this.close(p, p.markPrice, d.quantity);
      this.evaluate();
    }
    return d;
  }

  updateStop(p: SimPosition, newStopPrice: number): RiskDecision {
    const d = this.validate({ kind: 'STOP_UPDATE', positionId: p.id, newStopPrice }, this.market(p.symbol));
    if (d.outcome !== 'REJECTED') p.stopPrice = newStopPrice;
    return d;
  }

  /** Advance the candle clock past the next midnight UTC. */
  /** time passes with prices unchanged */
  wait(hours: number): RiskStateEvaluation {
    this.clockMs += hours * 3_600_000;
    return this.evaluate();
  }

  nextDay(offsetMinutes: number): RiskStateEvaluation {
    this.clockMs = (Math.floor(this.clockMs / DAY_MS) + 1) * DAY_MS + offsetMinutes * MINUTE_MS;
    return this.evaluate();
  }

  setSafeMode(isOn: boolean) { this.isSafeMode = isOn; }

  /** A stage change: new stage capital; equity is rebased to it (P&L since the stage began starts at 0). */
  changeStage(stageCapital: number): { rebase: Rebase; evaluation: RiskStateEvaluation } {
    const rebase = rebaseOnStageChange(this.snapshot(), stageCapital, this.now);
    this.adopt(rebase);
    this.cash = rebase.equity - (this.equity - this.cash);
    // re-evaluated at the rebased equity itself: the cash above carries float noise from the open P&L
    const evaluation = evaluateRiskState(this.snapshot(), rebase.equity, this.now, this.limits);
    this.adopt(evaluation);
    return { rebase, evaluation };
  }

  resetLock(reason: string): ResetResult {
    const r = resetLock(this.snapshot(), this.equity, reason);
    if (r.ok) {
      this.adopt(r.value);
      this.evaluate();
    }
    return r;
  }
}
