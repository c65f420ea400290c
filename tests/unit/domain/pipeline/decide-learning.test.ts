import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_DECIDE } from '@/domain/pipeline/decide';
import { DEFAULT_LEARNING, EMPTY_STATS, recordTrade, strategyWeight, summarize } from '@/domain/pipeline/learning';
import type { Research } from '@/domain/pipeline/research';
import type { EntrySignal } from '@/domain/pipeline/signal';

const market = { qtyStep: 0.0001, minQty: 0.0001, minNotional: 5, feeRate: 0 };
const signal: EntrySignal = { kind: 'ENTRY', strategy: 'ema_cross', symbol: 'ETH/USDT', side: 'LONG', at: 0, price: 100, stopPrice: 95, targetPrice: 110 };
const research = (o: Partial<Research> = {}): Research => ({ regime: 'range', volatilityPercentile: 0.5, maxCorrelation: 0, correlatedWith: null, advisory: null, ...o });
const p = { equity: 10_000, weight: 1, market, asset: 'ETH' };
const qty = (d: ReturnType<typeof decide>) => (d.kind === 'intent' ? d.intent.quantity : 0);

describe('DECIDE', () => {
  it('sizes to 1% risk: 100 USDT / 5 per unit = 20 units, with stop and target carried', () => {
    const d = decide(signal, research(), p);
    expect(d).toMatchObject({ kind: 'intent', intent: { quantity: 20, stopPrice: 95, targetPrice: 110, side: 'LONG', asset: 'ETH' } });
  });

  it('halves a candidate correlated with an open position, and skips a near twin', () => {
    expect(qty(decide(signal, research({ maxCorrelation: 0.7, correlatedWith: 'BTC/USDT' }), p))).toBe(10);
    expect(decide(signal, research({ maxCorrelation: 0.9 }), p)).toEqual({ kind: 'skip', reason: 'correlated', value: 0.9 });
    expect(qty(decide(signal, research({ maxCorrelation: DEFAULT_DECIDE.correlationHalve }), p))).toBe(20); // at the threshold: not halved
  });

  it('skips longs in a downtrend only when the trend filter is on; skips a size below the market minimum', () => {
    expect(decide(signal, research({ regime: 'down' }), p).kind).toBe('intent');
    expect(decide(signal, research({ regime: 'down' }), p, { ...DEFAULT_DECIDE, isTrendFiltered: true })).toMatchObject({ kind: 'skip', reason: 'downtrend' });
    expect(decide(signal, research(), { ...p, equity: 1 })).toMatchObject({ kind: 'skip', reason: 'size' });
  });
});

describe('LEARNING', () => {
  const after = (rs: number[]) => rs.reduce((s, r) => recordTrade(s, { pnl: r * 10, rMultiple: r }), EMPTY_STATS);

  it('keeps win rate, average R, expectancy and profit factor', () => {
    expect(summarize(after([2, -1, -1, 3]))).toEqual({ trades: 4, winRate: 0.5, avgR: 0.75, expectancy: 7.5, profitFactor: 2.5 });
    expect(summarize(EMPTY_STATS)).toEqual({ trades: 0, winRate: 0, avgR: 0, expectancy: 0, profitFactor: null });
  });

  it('moves the weight only after enough trades, and only within [0.5, 1.5]', () => {
    expect(strategyWeight(after(Array(9).fill(5)))).toBe(1);
    expect(strategyWeight(after(Array(10).fill(0.2)))).toBeCloseTo(1.2, 12);
    expect(strategyWeight(after(Array(10).fill(5)))).toBe(DEFAULT_LEARNING.maxWeight);
    expect(strategyWeight(after(Array(10).fill(-1)))).toBe(DEFAULT_LEARNING.minWeight);
  });

  it('a weight change alters the size DECIDE takes, and so which candidate fits under a cap', () => {
    const losing = strategyWeight(after(Array(10).fill(-1)));
    const winning = strategyWeight(after(Array(10).fill(0.4)));
    expect(qty(decide(signal, research(), { ...p, weight: losing }))).toBe(10);
    expect(qty(decide(signal, research(), { ...p, weight: winning }))).toBe(28);
  });
});
