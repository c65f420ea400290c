import { checkPeriod } from './check-period';

/** Donchian channel: highest high and lowest low of the last `period` candles, current one included. */
export interface Donchian {
  readonly period: number;
  /** Consumes the next candle, returns the middle of the channel; NaN until `period` candles were seen. */
  update(high: number, low: number): number;
  readonly upper: number;
  readonly lower: number;
  readonly middle: number;
  readonly isReady: boolean;
}

/** One side of the channel: a monotonic deque of (index, value) in typed-array rings of `period` slots. */
class MonotonicDeque {
  private readonly idx: Float64Array;
  private readonly val: Float64Array;
  private head = 0;
  private size = 0;

  /** `isMax`: keep the largest value at the head (else the smallest). */
  constructor(private readonly period: number, private readonly isMax: boolean) {
    this.idx = new Float64Array(period);
    this.val = new Float64Array(period);
  }

  /** Pushes value `v` seen at index `t` and returns the extreme of the window (t − period, t]. */
  push(t: number, v: number): number {
    const { idx, val, period, isMax } = this;
    // at most one entry leaves per step: the one at t − period
    if (this.size > 0 && idx[this.head]! <= t - period) {
      if (++this.head === period) this.head = 0;
      this.size--;
    }
    // entries the new value dominates can never be the extreme again (ring indices wrap
    // by a compare, not `%`: this runs for every candle of a backtest)
    while (this.size > 0) {
      let back = this.head + this.size - 1;
      if (back >= period) back -= period;
      const b = val[back]!;
      if (isMax ? b > v : b < v) break;
      this.size--;
    }
    let tail = this.head + this.size;
    if (tail >= period) tail -= period;
    idx[tail] = t;
    val[tail] = v;
    this.size++;
    return val[this.head]!;
  }
}

/** The highest (or lowest) value of the last `period` values, current one included: one side of a Donchian channel. */
export interface RollingExtreme {
  readonly period: number;
  /** Consumes the next value, returns the extreme of the window; NaN until `period` values were seen. */
  update(value: number): number;
  readonly value: number;
  readonly isReady: boolean;
}

class RollingExtremeState implements RollingExtreme {
  value = NaN;
  private readonly deque: MonotonicDeque;
  private t = 0;

  constructor(readonly period: number, isMax: boolean) {
    this.deque = new MonotonicDeque(period, isMax);
  }

  update(v: number): number {
    const x = this.deque.push(this.t, v);
    if (++this.t < this.period) return NaN;
    this.value = x;
    return x;
  }

  get isReady(): boolean {
    return this.t >= this.period;
  }
}

/** Highest high of the last `period` candles: the upper Donchian band alone, half the work of the channel. */
export function rollingMax(period: number): RollingExtreme {
  checkPeriod(period);
  return new RollingExtremeState(period, true);
}

/** Lowest low of the last `period` candles: the lower Donchian band alone. */
export function rollingMin(period: number): RollingExtreme {
  checkPeriod(period);
  return new RollingExtremeState(period, false);
}

// A class, not a closure: see ema.ts.
class DonchianState implements Donchian {
  upper = NaN;
  lower = NaN;
  private readonly highs: MonotonicDeque;
  private readonly lows: MonotonicDeque;
  private t = 0;

  constructor(readonly period: number) {
    this.highs = new MonotonicDeque(period, true);
    this.lows = new MonotonicDeque(period, false);
  }

  update(high: number, low: number): number {
    const upper = this.highs.push(this.t, high);
    const lower = this.lows.push(this.t, low);
    if (++this.t < this.period) return NaN;
    this.upper = upper;
    this.lower = lower;
    return (upper + lower) / 2;
  }

  get middle(): number {
    return (this.upper + this.lower) / 2;
  }

  get isReady(): boolean {
    return this.t >= this.period;
  }
}

/**
 * Each candle is pushed once and popped at most once per side, so an update is O(1)
 * amortised and allocates nothing. A breakout strategy compares the close with the channel
 * of the candles before it: read `upper`/`lower` before calling `update` with the new candle.
 */
export function donchian(period: number): Donchian {
  checkPeriod(period);
  return new DonchianState(period);
}

export interface DonchianSeries { upper: Float64Array; lower: Float64Array }

/** Batch form: the channel after `update(high[t], low[t])` at index t. */
export function donchianSeries(
  high: ArrayLike<number>, low: ArrayLike<number>, period: number,
  out: DonchianSeries = { upper: new Float64Array(high.length), lower: new Float64Array(high.length) },
): DonchianSeries {
  const ind = donchian(period);
  for (let i = 0; i < high.length; i++) {
    ind.update(high[i]!, low[i]!);
    out.upper[i] = ind.upper;
    out.lower[i] = ind.lower;
  }
  return out;
}
