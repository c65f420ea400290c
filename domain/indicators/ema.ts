import { checkPeriod } from './check-period';

/** Exponential moving average, α = 2 / (period + 1); NaN until `period` values were seen. */
export interface Ema {
  readonly period: number;
  /** Consumes the next value (one candle), returns the current EMA. */
  update(value: number): number;
  readonly value: number;
  readonly isReady: boolean;
}

// A class, not a closure: V8 keeps its fields in the object, where a closure's mutable
// captured variables cost about 3× more per update (measured by B3).
class EmaState implements Ema {
  value = NaN;
  private readonly alpha: number;
  private count = 0;
  private seedSum = 0;

  constructor(readonly period: number) {
    this.alpha = 2 / (period + 1);
  }

  update(x: number): number {
    if (this.count >= this.period) {
      this.value += this.alpha * (x - this.value);
    } else {
      this.seedSum += x;
      if (++this.count === this.period) this.value = this.seedSum / this.period;
    }
    return this.value;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }
}

/**
 * Seeded with the SMA of the first `period` values, as TA-Lib, Wilder and most charting
 * packages do; the first EMA is at index period − 1. Seeding with the first value instead
 * (what @ixjb94/indicators does) gives a value from index 0, but one that leans on a single
 * candle; the two converge as (1 − α)^t, so after ~10·period candles they agree to < 1e-8
 * of the seed gap.
 */
export function ema(period: number): Ema {
  checkPeriod(period);
  return new EmaState(period);
}

/** Batch form: `out[t]` is what `update(values[t])` returned, so a backtest and the live loop agree bit for bit. */
export function emaSeries(values: ArrayLike<number>, period: number, out = new Float64Array(values.length)): Float64Array {
  const ind = ema(period);
  for (let t = 0; t < values.length; t++) out[t] = ind.update(values[t]!);
  return out;
}
