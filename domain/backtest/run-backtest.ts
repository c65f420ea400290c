import type { CandleSeries } from '../market/candle-series';
import { computeMetrics } from '../metrics/compute-metrics';
import { EMPTY_STATS, strategyWeight, summarize } from '../pipeline/learning';
import { engineMarket, PipelineEngine } from '../pipeline/engine';
import { resetLock } from '../risk/rebase';
import type { BacktestConfig, BacktestReport, RiskEventRecord, TradeRecord } from './types';

const HOUR_MS = 3_600_000;

/**
 * A backtest: the pipeline (domain/pipeline/engine.ts) over historical candles merged by
 * time, on the candle clock, with the journal kept as counters in memory. A lock is
 * reset by a simulated admin review after cfg.lockReviewHours (see BacktestConfig).
 */
export function runBacktest(seriesList: readonly CandleSeries[], cfg: BacktestConfig): BacktestReport {
  const markets = seriesList.filter((s) => s.length > 0).map((s) => engineMarket(s, cfg));
  const trades: TradeRecord[] = [];
  const equityCurve: { t: number; equity: number }[] = [];
  const riskEvents: RiskEventRecord[] = [];
  let nextId = 1;
  const engine = new PipelineEngine(markets, cfg, {
    cash: cfg.equity, isSafeMode: false, positions: [], pending: [], lastTrade: {}, stats: {},
    risk: { tradingState: 'ACTIVE', peakEquity: cfg.equity, pauseAnchorEquity: cfg.equity, pausedUntil: null, dayStartEquity: cfg.equity,
      dayStartedAt: new Date(markets[0]?.s.time[0] ?? 0) },
  }, { closed: (_p, trade) => { trades.push(trade); } }, () => String(nextId++));
  let lockedAt = 0;

  for (let t = engine.nextTime(); t !== Infinity; t = engine.nextTime()) {
    const ev = engine.advance(t);
    const equity = engine.equity();
    if (ev.events.length) {
      for (const e of ev.events) riskEvents.push({ t, event: e.event, from: e.from, to: e.to, drawdown: e.drawdown, dayLoss: e.dayLoss });
      if (ev.tradingState === 'LOCKED') lockedAt = t;
    }
    const risk = engine.state.risk;
    if (risk.tradingState === 'LOCKED' && cfg.lockReviewHours !== null && t - lockedAt >= cfg.lockReviewHours * HOUR_MS) {
      const r = resetLock(risk, equity, `backtest: simulated admin review after ${cfg.lockReviewHours} h`);
      if (r.ok) {
        engine.state.risk = r.value;
        for (const e of r.value.events) riskEvents.push({ t, event: e.event, from: e.from, to: e.to, drawdown: e.drawdown, dayLoss: e.dayLoss });
      }
    }
    equityCurve.push({ t, equity });
  }
  const endT = equityCurve.at(-1)?.t ?? 0;
  engine.closeAll(endT, 'END');
  if (equityCurve.length) equityCurve[equityCurve.length - 1] = { t: endT, equity: engine.state.cash };

  const mt = computeMetrics(trades.map((x) => ({ pnl: x.pnl, rMultiple: x.rMultiple, fees: x.fees, entryTime: x.entryTime, exitTime: x.exitTime })), equityCurve);
  const byStrategy: BacktestReport['byStrategy'] = {};
  for (const x of cfg.strategies) {
    const st = engine.state.stats[x.name] ?? EMPTY_STATS;
    byStrategy[x.name] = { ...summarize(st), weight: strategyWeight(st, cfg.learning) };
  }
  return {
    params: { equity: cfg.equity, strategies: cfg.strategies, limits: cfg.limits, fills: cfg.fills, symbols: markets.map((m) => m.s.symbol),
      from: markets.length ? Math.min(...markets.map((m) => m.s.time[0]!)) : null, to: endT, lockReviewHours: cfg.lockReviewHours },
    metrics: { sharpe: mt.sharpe, sortino: mt.sortino, maxDrawdownPct: mt.maxDrawdownPct, winRate: mt.winRate, avgR: mt.avgR, profitFactor: mt.profitFactorFinite,
      expectancy: mt.expectancy, totalReturnPct: mt.totalReturnPct, trades: mt.trades, exposureTime: mt.exposureTime },
    trades, equity: equityCurve, decisions: engine.decisions, byStrategy, riskEvents,
  };
}
