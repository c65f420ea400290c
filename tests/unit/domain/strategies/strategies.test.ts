import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import type { CandleSeries } from '@/domain/market/candle-series';
import type { Signal } from '@/domain/pipeline/signal';
import { STRATEGIES, STRATEGY_NAMES } from '@/domain/strategies/registry';
import { emaCrossParams } from '@/domain/strategies/params';
import { loadBar, newBar } from '@/domain/strategies/strategy';

const DATA = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'data');
const btc = loadCandlesCsv(path.join(DATA, 'binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2025, 0, 1) });

function run(name: (typeof STRATEGY_NAMES)[number], s: CandleSeries, until = s.length): Signal[] {
  const strat = STRATEGIES[name](s.symbol);
  const out: Signal[] = [];
  for (let i = 0; i < until; i++) {
    const sig = strat.onCandle(loadBar(newBar(), s, i));
    if (sig) out.push(sig);
  }
  return out;
}

describe.each(STRATEGY_NAMES)('%s on a year of real BTC/USDT 1h candles', (name) => {
  const signals = run(name, btc);
  const entries = signals.filter((s) => s.kind === 'ENTRY');

  it('emits entries (≥ 10 a year on one pair) and exits', () => {
    expect(entries.length).toBeGreaterThanOrEqual(10);
    expect(signals.some((s) => s.kind === 'EXIT')).toBe(true);
  });

  it('every entry carries a stop below and a target above, with reward:risk ≥ 1.5 after 0.1% fees', () => {
    const fee = 0.001;
    for (const e of entries) {
      if (e.kind !== 'ENTRY') continue;
      expect(e.stopPrice).toBeLessThan(e.price);
      expect(e.targetPrice).toBeGreaterThan(e.price);
      const risk = e.price - e.stopPrice + (e.price + e.stopPrice) * fee;
      const reward = e.targetPrice - e.price - (e.price + e.targetPrice) * fee;
      expect(reward / risk).toBeCloseTo(3, 9); // the default rewardRisk, after fees
    }
  });

  it('has no look-ahead: changing every candle after t changes no signal at or before t', () => {
    const t = Math.floor(btc.length / 2);
    const scrambled: CandleSeries = { ...btc, open: btc.open.slice(), high: btc.high.slice(), low: btc.low.slice(), close: btc.close.slice(), volume: btc.volume.slice() };
    for (let i = t + 1; i < btc.length; i++) {
      const f = 1 + 0.3 * Math.sin(i);
      scrambled.open[i]! *= f; scrambled.close[i]! *= f; scrambled.high[i]! *= f * 1.2; scrambled.low[i]! *= f * 0.8; scrambled.volume[i]! *= 3;
    }
    const cutoff = btc.time[t]!;
    const before = (xs: Signal[]) => xs.filter((s) => s.at <= cutoff);
    expect(before(run(name, scrambled))).toEqual(before(signals));
    expect(run(name, scrambled).length).not.toEqual(0);
  });
});

describe('strategy parameters', () => {
  it('come from config with defaults, and bad values are refused naming the field', () => {
    expect(emaCrossParams.parse({})).toMatchObject({ fast: 100, slow: 400, atrPeriod: 14, atrStop: 4, rewardRisk: 3 });
    expect(() => STRATEGIES.ema_cross('BTC/USDT', { fast: 60, slow: 50 })).toThrow(/fast must be shorter than slow/);
    expect(() => STRATEGIES.donchian_breakout('BTC/USDT', { rewardRisk: 1.2 })).toThrow(/rewardRisk/);
    expect(() => STRATEGIES.rsi_reversion('BTC/USDT', { nope: 1 })).toThrow(/nope/);
  });
});
