import { checkPeriod } from './check-period';

/** Relative strength index (Wilder), 0–100; NaN until `period` + 1 closes were seen. */
export interface Rsi {
  readonly period: number;
  /** Consumes the next close (one candle), returns the current RSI. */
  update(close: number): number;
  readonly value: number;
  readonly isReady: boolean;
}

// A class, not a closure: see ema.ts.
class RsiState implements Rsi {
  value = NaN;
  private readonly keep: number;
  private count = 0;
  private prev = NaN;
  private avgGain = 0;
  private avgLoss = 0;

  constructor(readonly period: number) {
    this.keep = (period - 1) / period;
  }

  update(close: number): number {
    const { period } = this;
    const change = close - this.prev;
    this.prev = close;
    if (this.count === 0) {
      this.count = 1;
      return this.value;
    }
    const gain = change > 0 ? change : 0;
    const loss = change < 0 ? -change : 0;
    if (this.count > period) {
      this.avgGain = this.avgGain * this.keep + gain / period;
      this.avgLoss = this.avgLoss * this.keep + loss / period;
    } else {
      this.avgGain += gain;
      this.avgLoss += loss;
      if (++this.count <= period) return this.value;
      this.avgGain /= period;
      this.avgLoss /= period;
    }
    const total = this.avgGain + this.avgLoss;
    this.value = total > 0 ? 100 * (this.avgGain / total) : 50; // gain/total ≤ 1 after rounding, so never above 100
    return this.value;
  }

  get isReady(): boolean {
    return this.count > this.period;
  }
}

/**
 * Wilder's definition (New Concepts in Technical Trading Systems, 1978), as TA-Lib and
 * @ixjb94/indicators compute it: the first average gain/loss is the simple mean of the
 * first `period` changes (first RSI at index `period`), then each is smoothed as
 * avg = (avg·(period − 1) + x) / period, i.e. an EMA with α = 1/period, not 2/(period + 1).
 * RSI = 100·gain/(gain + loss), which equals 100 − 100/(1 + RS) without dividing by a zero
 * loss; a window with no change at all reads 50 (neutral) rather than NaN, which here
 * means "not warmed up".
 */
export function rsi(period: number): Rsi {
  checkPeriod(period);
  return new RsiState(period);
}

/** Batch form: `out[t]` is what `update(closes[t])` returned, so a backtest and the live loop agree bit for bit. */
export function rsiSeries(closes: ArrayLike<number>, period: number, out = new Float64Array(closes.length)): Float64Array {
  const ind = rsi(period);
  for (let t = 0; t < closes.length; t++) out[t] = ind.update(closes[t]!);
  return out;
}
