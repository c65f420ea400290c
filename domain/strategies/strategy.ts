import type { Signal } from '../pipeline/signal';

/**
 * The candle that just closed (`time` is its open time, ms). The engine keeps one per
 * market and overwrites it before each call: six numbers passed as arguments to a call
 * V8 cannot inline (three strategies behind one call site) are boxed on the heap, ~300
 * bytes of garbage per candle; fields of one object are written in place. A strategy
 * copies what it keeps.
 */
export interface Bar {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** A Bar to overwrite (double fields from the start, so writes never change its shape). */
export const newBar = (): Bar => ({ time: NaN, open: NaN, high: NaN, low: NaN, close: NaN, volume: NaN });

/** Writes candle `i` of a series into `bar` and returns it. */
export function loadBar(bar: Bar, s: { time: ArrayLike<number>; open: ArrayLike<number>; high: ArrayLike<number>; low: ArrayLike<number>; close: ArrayLike<number>; volume: ArrayLike<number> }, i: number): Bar {
  bar.time = s.time[i]!;
  bar.open = s.open[i]!;
  bar.high = s.high[i]!;
  bar.low = s.low[i]!;
  bar.close = s.close[i]!;
  bar.volume = s.volume[i]!;
  return bar;
}

/**
 * A strategy instance follows one symbol, one candle at a time: `onCandle` sees the
 * candle that just closed and nothing after it (no look-ahead by construction), and
 * returns an entry (with stop and target), an exit, or null.
 */
export interface Strategy {
  readonly name: string;
  onCandle(bar: Readonly<Bar>): Signal | null;
}

/**
 * Stop and target from an entry: the stop at least `minStopFraction` below (fees must not
 * eat a tiny stop distance), and the target where reward:risk is `rewardRisk` AFTER fees
 * on both legs (the risk engine's formula), so it clears the 1.5 floor by construction:
 *   target − entry − (entry + target)·f = rr · (entry − stop + (entry + stop)·f)
 */
export function bracket(close: number, rawStop: number, p: { rewardRisk: number; minStopFraction: number; feeRate: number }) {
  const stopPrice = Math.min(rawStop, close * (1 - p.minStopFraction));
  const f = p.feeRate;
  const riskAfterFees = close - stopPrice + (close + stopPrice) * f;
  return { stopPrice, targetPrice: (close * (1 + f) + p.rewardRisk * riskAfterFees) / (1 - f) };
}
