import { fillOrder } from '../fills/fill-order';
import { resolveExit } from '../fills/resolve-exit';
import type { Candle, Fill, FillConfig, FillResult } from '../fills/types';
import type { CandleSeries } from '../market/candle-series';
import { computeMetrics } from '../metrics/compute-metrics';
import { decide } from '../pipeline/decide';
import { EMPTY_STATS, recordTrade, strategyWeight, summarize, type StrategyStats } from '../pipeline/learning';
import { research } from '../pipeline/research';
import { scan } from '../pipeline/scan';
import { evaluateRiskState, type RiskStateSnapshot } from '../risk/evaluate-risk-state';
import { resetLock } from '../risk/rebase';
import type { LastTrade, MarketRules, OpenPosition } from '../risk/types';
import { validateIntent } from '../risk/validate-intent';
import { STRATEGIES, type StrategyName } from '../strategies/registry';
import type { Strategy } from '../strategies/strategy';
import { defaultMarket } from './default-market';
import type { BacktestConfig, BacktestReport, RiskEventRecord, TradeRecord } from './types';

const HOUR_MS = 3_600_000;

interface Market { s: CandleSeries; i: number; mark: number; rules: MarketRules; fill: FillConfig; exitFill: FillConfig; strategies: Strategy[]; openCount: number }
interface Pos { id: number; m: Market; strategy: string; qty: number; entryPrice: number; entryTime: number; entryFee: number; stop: number; target: number; riskAmount: number; equityAtEntry: number; candles: number; queuedExit: ExitReason | null }
interface PendingEntry { m: Market; strategy: string; qty: number; stop: number; target: number; notional: number; riskAmount: number; equityAtEntry: number }
type ExitReason = TradeRecord['exitReason'];

const isFill = (f: FillResult): f is Fill => f.status === 'FILLED' || f.status === 'PARTIAL';

/**
 * The whole pipeline over historical candles, on the candle clock: for each candle of each
 * symbol (merged by time) — EXECUTE the orders queued at the previous close at this open;
 * MONITOR stops, targets and time exits (CLOSE); then SIGNAL on the close, SCAN → RESEARCH
 * → DECIDE → RISK VALIDATOR for entries, queueing the approved ones for the next open;
 * JOURNAL counts every decision; LEARNING updates the strategy's weight on every close.
 * Exits fill whole (volume impact still priced): a simulated stop never leaves half a position.
 */
export function runBacktest(seriesList: readonly CandleSeries[], cfg: BacktestConfig): BacktestReport {
  const markets: Market[] = seriesList.filter((s) => s.length > 0).map((s) => {
    const { priceTick, ...rules } = defaultMarket(s.close[0]!);
    const fill = { ...cfg.fills, priceTick };
    return { s, i: 0, mark: NaN, rules, fill, exitFill: { ...fill, maxVolumeShare: 1 }, openCount: 0,
      strategies: cfg.strategies.map((x) => STRATEGIES[x.name as StrategyName](s.symbol, x.params)) };
  });
  let cash = cfg.equity;
  let nextId = 1;
  const positions: Pos[] = [];
  let pending: PendingEntry[] = [];
  const trades: TradeRecord[] = [];
  const equityCurve: { t: number; equity: number }[] = [];
  const lastTrade: Record<string, LastTrade> = {};
  const stats: Record<string, StrategyStats> = {};
  const decisions = { approved: 0, shrunk: 0, rejected: 0, byRule: {} as Record<string, number>, skipped: {} as Record<string, number> };
  const count = (o: Record<string, number>, k: string) => { o[k] = (o[k] ?? 0) + 1; };
  const riskEvents: RiskEventRecord[] = [];
  let lockedAt = 0;
  let risk: RiskStateSnapshot = {
    tradingState: 'ACTIVE', peakEquity: cfg.equity, pauseAnchorEquity: cfg.equity, pausedUntil: null, dayStartEquity: cfg.equity, dayStartedAt: new Date(markets[0]?.s.time[0] ?? 0) };
  const equityNow = () => positions.reduce((e, p) => e + p.qty * (p.m.mark === p.m.mark ? p.m.mark : p.entryPrice), cash);

  const close = (p: Pos, price: number, fee: number, t: number, reason: ExitReason) => {
    cash += p.qty * price - fee;
    const pnl = p.qty * (price - p.entryPrice) - p.entryFee - fee;
    const rMultiple = pnl / p.riskAmount;
    trades.push({ symbol: p.m.s.symbol, strategy: p.strategy, side: 'LONG', entryTime: p.entryTime, entryPrice: p.entryPrice, qty: p.qty, stopPrice: p.stop,
      targetPrice: p.target, exitTime: t, exitPrice: price, exitReason: reason, fees: p.entryFee + fee, pnl, rMultiple, equityAtEntry: p.equityAtEntry, riskAmount: p.riskAmount });
    lastTrade[p.strategy] = { isLoss: pnl < 0, riskFraction: p.riskAmount / p.equityAtEntry };
    stats[p.strategy] = recordTrade(stats[p.strategy] ?? EMPTY_STATS, { pnl, rMultiple });
    positions.splice(positions.indexOf(p), 1);
    p.m.openCount -= 1;
  };

  const step = (m: Market) => {
    const { s } = m;
    const i = m.i;
    const t = s.time[i]!;
    const candle: Candle = { openTime: t, open: s.open[i]!, high: s.high[i]!, low: s.low[i]!, close: s.close[i]!, volume: s.volume[i]! };
    // most candles have nothing open or queued in their market: skip the order work then
    const hasWork = m.openCount > 0 || pending.length > 0;
    // EXECUTE at this open: queued exits, then queued entries (market orders placed at the previous close)
    if (hasWork) for (const p of positions.filter((x) => x.m === m && x.queuedExit !== null)) {
      const f = fillOrder({ type: 'MARKET', side: 'SELL', quantity: p.qty }, candle, m.rules, m.exitFill);
      if (isFill(f)) close(p, f.price, f.fee, t, p.queuedExit ?? 'SIGNAL');
    }
    if (pending.length) for (const e of pending.filter((x) => x.m === m)) {
      const f = fillOrder({ type: 'MARKET', side: 'BUY', quantity: e.qty }, candle, m.rules, m.fill);
      if (isFill(f)) {
        cash -= f.notional + f.fee;
        m.openCount += 1;
        positions.push({ id: nextId++, m, strategy: e.strategy, qty: f.quantity, entryPrice: f.price, entryTime: t, entryFee: f.fee, stop: e.stop, target: e.target,
          riskAmount: e.riskAmount * (f.quantity / e.qty), equityAtEntry: e.equityAtEntry, candles: 0, queuedExit: null });
      } else {
        count(decisions.skipped, `fill_${f.status === 'REFUSED' ? f.reason : 'not_triggered'}`.toLowerCase());
      }
    }
    if (pending.length) pending = pending.filter((x) => x.m !== m);
    // MONITOR → CLOSE: stop (assumed first), target, time exit
    if (m.openCount > 0) for (const p of positions.filter((x) => x.m === m)) {
      const ex = resolveExit({ side: 'LONG', quantity: p.qty, stopPrice: p.stop, targetPrice: p.target }, candle, m.rules, m.exitFill);
      if (ex.exit !== 'NONE' && isFill(ex.fill)) { close(p, ex.fill.price, ex.fill.fee, t, ex.exit); continue; }
      p.candles += 1;
      if (cfg.maxHoldCandles > 0 && p.candles >= cfg.maxHoldCandles) p.queuedExit ??= 'TIME';
    }
    m.mark = candle.close;
    // SIGNAL on the close
    for (const strat of m.strategies) {
      const sig = strat.onCandle(t, candle.open, candle.high, candle.low, candle.close, candle.volume);
      if (!sig) continue;
      const mine = positions.find((p) => p.m === m && p.strategy === sig.strategy);
      if (sig.kind === 'EXIT') { if (mine) mine.queuedExit ??= 'SIGNAL'; continue; }
      if (mine || pending.some((e) => e.m === m && e.strategy === sig.strategy)) { count(decisions.skipped, 'already_in'); continue; }
      const sc = scan([{ series: s, at: i }], cfg.scan);
      if (!sc.selected.length) { count(decisions.skipped, `scan_${sc.dropped[0]?.reason ?? 'none'}`); continue; }
      // other markets: their last candle already closed (index i - 1 after this time's step, or before it)
      const openMarkets = [...new Set(positions.map((p) => p.m))].filter((x) => x !== m && x.i >= 2).map((x) => ({ series: x.s, at: x.i - 1 }));
      const rs = research(s, i, openMarkets, cfg.research);
      const equity = equityNow();
      const d = decide(sig, rs, { equity, weight: strategyWeight(stats[sig.strategy] ?? EMPTY_STATS, cfg.learning), market: m.rules, asset: s.base }, cfg.decide);
      if (d.kind === 'skip') { count(decisions.skipped, `decide_${d.reason}`); continue; }
      const open: OpenPosition[] = positions.map((p) => ({ id: String(p.id), symbol: p.m.s.symbol, asset: p.m.s.base, side: 'LONG', strategy: p.strategy, quantity: p.qty, entryPrice: p.entryPrice, markPrice: p.m.mark, stopPrice: p.stop }));
      const dec = validateIntent({
        intent: d.intent, market: m.rules, limits: cfg.limits,
        state: { equity, peakEquity: risk.peakEquity, pauseAnchorEquity: risk.pauseAnchorEquity, dayStartEquity: risk.dayStartEquity, tradingState: risk.tradingState, isSafeMode: false, positions: open,
          pendingEntries: pending.map((e) => ({ symbol: e.m.s.symbol, asset: e.m.s.base, notional: e.notional })), lastTradeByStrategy: lastTrade },
      });
      if (dec.outcome === 'REJECTED') { decisions.rejected += 1; count(decisions.byRule, dec.rule ?? 'unknown'); continue; }
      if (dec.outcome === 'SHRUNK') { decisions.shrunk += 1; count(decisions.byRule, dec.rule ?? 'unknown'); } else decisions.approved += 1;
      pending.push({ m, strategy: sig.strategy, qty: dec.quantity, stop: d.intent.stopPrice!, target: d.intent.targetPrice!, notional: dec.quantity * d.intent.entryPrice,
        riskAmount: dec.riskFraction * equity, equityAtEntry: equity });
    }
  };

  for (;;) {
    let t = Infinity;
    for (const m of markets) if (m.i < m.s.length && m.s.time[m.i]! < t) t = m.s.time[m.i]!;
    if (t === Infinity) break;
    for (const m of markets) if (m.i < m.s.length && m.s.time[m.i] === t) { step(m); m.i += 1; }
    const equity = equityNow();
    const now = new Date(t);
    const ev = evaluateRiskState(risk, equity, now, cfg.limits, cfg.timeZone);
    risk = ev;
    if (ev.events.length) {
      for (const e of ev.events) riskEvents.push({ t, event: e.event, from: e.from, to: e.to, drawdown: e.drawdown, dayLoss: e.dayLoss });
      if (ev.tradingState === 'LOCKED') lockedAt = t;
    }
    if (risk.tradingState === 'LOCKED' && cfg.lockReviewHours !== null && t - lockedAt >= cfg.lockReviewHours * HOUR_MS) {
      const r = resetLock(risk, equity, `backtest: simulated admin review after ${cfg.lockReviewHours} h`);
      if (r.ok) {
        risk = r.value;
        for (const e of r.value.events) riskEvents.push({ t, event: e.event, from: e.from, to: e.to, drawdown: e.drawdown, dayLoss: e.dayLoss });
      }
    }
    equityCurve.push({ t, equity });
  }
  const endT = equityCurve.at(-1)?.t ?? 0;
  for (const p of [...positions]) close(p, p.m.mark, p.qty * p.m.mark * cfg.fills.takerFeeRate, endT, 'END');
  if (equityCurve.length) equityCurve[equityCurve.length - 1] = { t: endT, equity: cash };

  const mt = computeMetrics(trades.map((x) => ({ pnl: x.pnl, rMultiple: x.rMultiple, fees: x.fees, entryTime: x.entryTime, exitTime: x.exitTime })), equityCurve);
  const byStrategy: BacktestReport['byStrategy'] = {};
  for (const x of cfg.strategies) {
    const st = stats[x.name] ?? EMPTY_STATS;
    byStrategy[x.name] = { ...summarize(st), weight: strategyWeight(st, cfg.learning) };
  }
  return {
    params: { equity: cfg.equity, strategies: cfg.strategies, limits: cfg.limits, fills: cfg.fills, symbols: markets.map((m) => m.s.symbol),
      from: markets.length ? Math.min(...markets.map((m) => m.s.time[0]!)) : null, to: endT, lockReviewHours: cfg.lockReviewHours },
    metrics: { sharpe: mt.sharpe, sortino: mt.sortino, maxDrawdownPct: mt.maxDrawdownPct, winRate: mt.winRate, avgR: mt.avgR, profitFactor: mt.profitFactorFinite,
      expectancy: mt.expectancy, totalReturnPct: mt.totalReturnPct, trades: mt.trades, exposureTime: mt.exposureTime },
    trades, equity: equityCurve, decisions, byStrategy, riskEvents,
  };
}
