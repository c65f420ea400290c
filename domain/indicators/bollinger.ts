import { checkPeriod } from './check-period';

/** Bollinger bands: middle = SMA(period), upper/lower = middle ± k·σ (population σ over the same window). */
export interface Bollinger {
  readonly period: number;
  readonly k: number;
  /** Consumes the next close (one candle), returns the middle band; the other bands are read after. NaN until warmed up. */
  update(close: number): number;
  readonly middle: number;
  readonly upper: number;
  readonly lower: number;
  /** population standard deviation of the window */
  readonly stdev: number;
  readonly isReady: boolean;
}

/**
 * The mean and the sum of squared deviations are recomputed exactly from the ring buffer
 * every RESYNC updates, so rounding error never accumulates; and whenever M2 falls below
 * COLLAPSE × its peak since the last recompute: its residue is ~ε·peak, and √ would turn
 * that into a visible σ on a window that has gone flat after a volatile one.
 */
const RESYNC = 1024;
const COLLAPSE = 1e-6;

// A class, not a closure: see ema.ts.
class BollingerState implements Bollinger {
  middle = NaN;
  stdev = NaN;
  private readonly ring: Float64Array;
  private readonly invPeriod: number;
  private pos = 0;
  private count = 0;
  private untilResync = RESYNC;
  private mean = 0;
  private m2 = 0;
  private m2Peak = 0;

  constructor(readonly period: number, readonly k: number) {
    this.ring = new Float64Array(period);
    this.invPeriod = 1 / period;
  }

  update(x: number): number {
    const { ring, period } = this;
    const count = this.count;
    let mean = this.mean;
    let m2 = this.m2;
    if (count >= period) {
      const old = ring[this.pos]!;
      const prevMean = mean;
      mean += (x - old) * this.invPeriod;
      m2 += (x - old) * (x - mean + old - prevMean);
    } else {
      // ordinary Welford while the window fills
      const d = x - mean;
      mean += d / (count + 1);
      m2 += d * (x - mean);
    }
    ring[this.pos] = x;
    if (++this.pos === period) this.pos = 0;
    this.count = count + 1;
    this.mean = mean;
    this.m2 = m2;
    if (m2 > this.m2Peak) this.m2Peak = m2;
    if (count + 1 < period) return this.middle;
    if (--this.untilResync === 0 || m2 < this.m2Peak * COLLAPSE) this.resync();
    this.middle = this.mean;
    this.stdev = Math.sqrt(this.m2 * this.invPeriod);
    return this.middle;
  }

  get upper(): number {
    return this.middle + this.k * this.stdev;
  }

  get lower(): number {
    return this.middle - this.k * this.stdev;
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  private resync(): void {
    const { ring, period } = this;
    let s = 0;
    for (let i = 0; i < period; i++) s += ring[i]!;
    const mean = s / period;
    let m2 = 0;
    for (let i = 0; i < period; i++) {
      const d = ring[i]! - mean;
      m2 += d * d;
    }
    this.mean = mean;
    this.m2 = m2;
    this.m2Peak = m2;
    this.untilResync = RESYNC;
  }
}

/**
 * Welford's update extended to a sliding window (mean and M2 = Σ(x − mean)², replacing the
 * oldest value by the newest in one step), not the Σx / Σx² textbook form that
 * @ixjb94/indicators uses: with prices near 65,000 and σ near 50, Σx² − (Σx)²/n cancels
 * about 12 of float64's 16 digits, and its running sums drift over a long series.
 * Population σ (divide by n), as Bollinger defined it and TA-Lib, TradingView compute it.
 */
export function bollinger(period: number, k = 2): Bollinger {
  checkPeriod(period);
  return new BollingerState(period, k);
}

export interface BollingerSeries { middle: Float64Array; upper: Float64Array; lower: Float64Array }

/** Batch form: the bands after `update(closes[t])` at index t. */
export function bollingerSeries(
  closes: ArrayLike<number>, period: number, k = 2,
  out: BollingerSeries = { middle: new Float64Array(closes.length), upper: new Float64Array(closes.length), lower: new Float64Array(closes.length) },
): BollingerSeries {
  const ind = bollinger(period, k);
  const { middle, upper, lower } = out;
  for (let t = 0; t < closes.length; t++) {
    const m = ind.update(closes[t]!);
    const band = k * ind.stdev;
    middle[t] = m;
    upper[t] = m + band;
    lower[t] = m - band;
  }
  return out;
}
