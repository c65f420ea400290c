import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { engineMarket, PipelineEngine, type DecisionEvent, type EngineSink } from '@/domain/pipeline/engine';

const series = loadCandlesCsv(path.resolve(import.meta.dirname, '../../../../data/binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 4, 1) });

function engine(broker: 'simulated' | 'exchange', sink: EngineSink = {}, over: Partial<ReturnType<typeof defaultBacktestConfig>> = {}) {
  const cfg = { ...defaultBacktestConfig({ timeZone: 'UTC' }), ...over };
  const equity = 10_000;
  let id = 0;
  return new PipelineEngine([engineMarket(series, cfg)], cfg, {
    cash: equity, isSafeMode: false, positions: [], pending: [], lastTrade: {}, stats: {},
    risk: { tradingState: 'ACTIVE', peakEquity: equity, pauseAnchorEquity: equity, pausedUntil: null, dayStartEquity: equity, dayStartedAt: new Date(series.time[0]!) },
  }, sink, () => `id-${++id}`, broker);
}
const runUntil = (e: PipelineEngine, stop: () => boolean) => { for (let t = e.nextTime(); t !== Infinity && !stop(); t = e.nextTime()) e.advance(t); };

/** The same pipeline with the exchange as its broker (live): it decides, the runner reports what the exchange filled. */
describe('pipeline engine with an exchange broker', () => {
  it('decides like the simulated broker but fills nothing itself: approved entries wait for the exchange', () => {
    const sim = engine('simulated');
    const ex = engine('exchange');
    runUntil(sim, () => sim.state.pending.length > 0);
    runUntil(ex, () => ex.state.pending.length > 0);
    expect(ex.state.pending[0]!.decidedAt).toBe(sim.state.pending[0]!.decidedAt);
    ex.advance(ex.nextTime());
    ex.advance(ex.nextTime());
    expect(ex.state.positions).toEqual([]);
    expect(ex.state.pending).toHaveLength(1);
    expect(ex.state.cash).toBe(10_000);
  });

  it('opens from the exchange\'s fill, closes from the exchange\'s fill, and learns from the trade', () => {
    const closed: string[] = [];
    const e = engine('exchange', { closed: (p, trade) => { closed.push(`${p.id}:${trade.exitReason}:${trade.pnl.toFixed(2)}`); } });
    runUntil(e, () => e.state.pending.length > 0);
    const pend = e.state.pending[0]!;
    const t = e.nextTime();
    const p = e.openFromFill(pend.id, { id: 'pos-1', qty: pend.qty / 2, price: 40_000, fee: 2, time: t })!;
    expect(p).toMatchObject({ id: 'pos-1', qty: pend.qty / 2, stop: pend.stop, target: pend.target, riskAmount: pend.riskAmount / 2 });
    expect(e.state.pending).toEqual([]);
    expect(e.state.cash).toBeCloseTo(10_000 - (pend.qty / 2) * 40_000 - 2, 9);
    expect(e.openFromFill(pend.id, { id: 'pos-2', qty: 1, price: 1, fee: 0, time: t })).toBeNull(); // reported twice: opened once
    expect(e.closeFromFill('pos-1', 41_000, 2, t + 3_600_000, 'TARGET')).toBe(true);
    expect(e.closeFromFill('pos-1', 41_000, 2, t + 3_600_000, 'TARGET')).toBe(false);
    expect(closed).toEqual([`pos-1:TARGET:${((pend.qty / 2) * 1000 - 4).toFixed(2)}`]);
    expect(e.state.stats[pend.strategy]!.wins).toBe(1);
    expect(e.state.positions).toEqual([]);
  });

  it('a refused entry is dropped and no longer counts as exposure', () => {
    const e = engine('exchange');
    runUntil(e, () => e.state.pending.length > 0);
    const id = e.state.pending[0]!.id;
    expect(e.dropPending(id)?.id).toBe(id);
    expect(e.dropPending(id)).toBeNull();
    expect(e.state.pending).toEqual([]);
  });

  it('stops and targets are the exchange\'s: a candle through the stop closes nothing, the time exit is still the pipeline\'s', () => {
    const exits: string[] = [];
    const e = engine('exchange', { exitQueued: (p, reason) => { exits.push(`${p.id}:${reason}`); } }, { maxHoldCandles: 3 });
    runUntil(e, () => e.state.pending.length > 0);
    const pend = e.state.pending[0]!;
    e.openFromFill(pend.id, { id: 'pos-1', qty: pend.qty, price: 1e9, fee: 0, time: e.nextTime(), stop: 1e9 - 1, target: 2e9 }); // every candle is below this stop
    for (let k = 0; k < 3; k++) e.advance(e.nextTime());
    expect(e.state.positions.map((p) => p.id)).toEqual(['pos-1']);
    expect(exits).toEqual(['pos-1:TIME']);
  });

  it('while entries are blocked, signals are journaled as skipped with the reason and nothing is queued', () => {
    const decisions: DecisionEvent[] = [];
    const e = engine('exchange', { decision: (d) => { decisions.push(d); } });
    e.entryBlock = 'live_exchange_lost';
    runUntil(e, () => decisions.length >= 3);
    expect(e.state.pending).toEqual([]);
    expect(decisions.every((d) => d.skip === 'live_exchange_lost' || d.skip === 'already_in')).toBe(true);
  });
});
