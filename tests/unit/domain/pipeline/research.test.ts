import { describe, expect, it } from 'vitest';
import { research, returnCorrelation } from '@/domain/pipeline/research';
import { seriesFrom, walk } from './fixtures';

describe('RESEARCH', () => {
  it('correlation: 1 for the same moves, about -1 for mirrored ones, small for independent walks', () => {
    const a = seriesFrom('A/USDT', walk(200, 7));
    const b = seriesFrom('B/USDT', Array.from(a.close, (c) => c * 3));
    const m = [100];
    for (let i = 1; i < 200; i++) m.push(m[i - 1]! * (1 - (a.close[i]! / a.close[i - 1]! - 1)));
    const mirror = seriesFrom('M/USDT', m);
    expect(returnCorrelation(a, 199, b, 199, 72)).toBeCloseTo(1, 9);
    expect(returnCorrelation(a, 199, mirror, 199, 72)).toBeLessThan(-0.99);
    expect(Math.abs(returnCorrelation(a, 199, seriesFrom('C/USDT', walk(200, 99)), 199, 72))).toBeLessThan(0.35);
  });

  it('names the most correlated open position', () => {
    const cand = seriesFrom('ETH/USDT', walk(200, 11));
    const twin = seriesFrom('ETH2/USDT', Array.from(cand.close));
    const other = seriesFrom('XRP/USDT', walk(200, 12));
    const r = research(cand, 199, [{ series: other, at: 199 }, { series: twin, at: 199 }]);
    expect(r.correlatedWith).toBe('ETH2/USDT');
    expect(r.maxCorrelation).toBeCloseTo(1, 9);
    expect(r.advisory).toBeNull();
  });

  it('trend regime: up, down, range', () => {
    const up = seriesFrom('U/USDT', Array.from({ length: 150 }, (_, i) => 100 + i));
    const down = seriesFrom('D/USDT', Array.from({ length: 150 }, (_, i) => 300 - i));
    const flat = seriesFrom('F/USDT', Array.from({ length: 150 }, (_, i) => 100 + (i % 2)));
    expect(research(up, 149, []).regime).toBe('up');
    expect(research(down, 149, []).regime).toBe('down');
    expect(research(flat, 149, []).regime).toBe('range');
  });

  it('volatility percentile: the widest candle of the window ranks 1', () => {
    const closes = Array(100).fill(100);
    closes[99] = 120;
    const r = research(seriesFrom('V/USDT', closes), 99, []);
    expect(r.volatilityPercentile).toBe(1);
    expect(research(seriesFrom('V/USDT', closes), 98, []).volatilityPercentile).toBe(1); // all equal: ties rank at the top
  });
});
