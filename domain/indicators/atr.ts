import { checkPeriod } from './check-period';

/** Average true range (Wilder); NaN until `period` candles were seen. */
export interface Atr {
  readonly period: number;
  /** Consumes the next candle, returns the current ATR. */
  update(high: number, low: number, close: number): number;
  readonly value: number;
  readonly isReady: boolean;
}

// A class, not a closure: see ema.ts.
class AtrState implements Atr {
  value = NaN;
  private readonly keep: number;
  private count = 0;
  private prevClose = NaN;
  private seedSum = 0;

  constructor(readonly period: number) {
    this.keep = (period - 1) / period;
  }

  update(high: number, low: number, close: number): number {
    const { period } = this;
    let tr = high - low;
    if (this.count > 0) {
      const up = Math.abs(high - this.prevClose);
      const down = Math.abs(low - this.prevClose);
      if (up > tr) tr = up;
      if (down > tr) tr = down;
    }
    this.prevClose = close;
    if (this.count >= period) {
      this.value = this.value * this.keep + tr / period;
    } else {
      this.seedSum += tr;
      if (++this.count === period) this.value = this.seedSum / period;
    }
    return this.value;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }
}

/**
 * True range = max(high − low, |high − previous close|, |low − previous close|); the first
 * candle has no previous close, so its true range is high − low (Wilder's own worksheet,
 * Tulip and @ixjb94/indicators). The first ATR is the mean of the first `period` true
 * ranges (index period − 1), then Wilder smoothing: atr = (atr·(period − 1) + tr) / period.
 * TA-Lib instead drops the first candle and starts one candle later; the gap decays as
 * (1 − 1/period)^t.
 */
export function atr(period: number): Atr {
  checkPeriod(period);
  return new AtrState(period);
}

/** Batch form: `out[t]` is what `update(high[t], low[t], close[t])` returned. */
export function atrSeries(
  high: ArrayLike<number>, low: ArrayLike<number>, close: ArrayLike<number>, period: number, out = new Float64Array(close.length),
): Float64Array {
  const ind = atr(period);
  for (let t = 0; t < close.length; t++) out[t] = ind.update(high[t]!, low[t]!, close[t]!);
  return out;
}
