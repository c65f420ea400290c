import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { atrSeries } from '@/domain/indicators/atr';
import { bollingerSeries } from '@/domain/indicators/bollinger';
import { donchianSeries } from '@/domain/indicators/donchian';
import { emaSeries } from '@/domain/indicators/ema';
import { rsiSeries } from '@/domain/indicators/rsi';
import { smaSeries } from '@/domain/indicators/sma';
import { type Candles, candlesArb, periodArb } from './support';

/** Every indicator's outputs for one series of candles, as one flat list per output. */
function allOutputs({ high, low, close }: Candles, n: number): Float64Array[] {
  const bb = bollingerSeries(close, n, 2);
  const dc = donchianSeries(high, low, n);
  return [smaSeries(close, n), emaSeries(close, n), rsiSeries(close, n), atrSeries(high, low, close, n), bb.middle, bb.upper, bb.lower, dc.upper, dc.lower];
}

describe('no look-ahead', () => {
  it('the value at index t is the same whatever candles come after t', () => {
    const scenario = fc.record({ a: candlesArb(1, 80), b: candlesArb(0, 80), c: candlesArb(0, 80) }).chain((s) =>
      fc.record({ t: fc.integer({ min: 0, max: s.a.close.length - 1 }), n: periodArb }).map((x) => ({ ...s, ...x })));
    fc.assert(fc.property(scenario, ({ a, b, c, t, n }) => {
      // same candles up to t, then two unrelated futures
      const cut = (x: Candles, y: Candles): Candles => ({
        high: [...x.high.slice(0, t + 1), ...y.high], low: [...x.low.slice(0, t + 1), ...y.low], close: [...x.close.slice(0, t + 1), ...y.close],
      });
      const one = allOutputs(cut(a, b), n);
      const two = allOutputs(cut(a, c), n);
      one.forEach((out, k) => expect(Array.from(out.subarray(0, t + 1))).toEqual(Array.from(two[k]!.subarray(0, t + 1))));
    }));
  });
});
