import { IndicatorsSync } from '@ixjb94/indicators';
import { pathToFileURL } from 'node:url';
import { atrSeries } from '@/domain/indicators/atr';
import { bollingerSeries } from '@/domain/indicators/bollinger';
import { emaSeries } from '@/domain/indicators/ema';
import { rsiSeries } from '@/domain/indicators/rsi';
import type { BenchCase } from './index';
import { seeded } from '@/domain/random/seeded';

/**
 * B3 (docs/benchmarks.md): EMA(20), RSI(14) and ATR(14) (Wilder), Bollinger(20, 2) over
 * 1,000,000 seeded random-walk candles (100,000 with --quick), three ways on identical
 * input: our batch helpers (domain/indicators, one incremental update per candle), a naive
 * Float64Array loop per indicator written here (the control; for Bollinger two: each window
 * recomputed in two passes, the obviously-correct form and the accuracy reference, and
 * running Σx/Σx², the fast form, which the time target is judged against), and @ixjb94/indicators' sync API
 * (given number[], its declared input type, converted outside the timing). Each timing is
 * the median of REPS in this process after WARMUPS untimed calls. Agreement: the largest
 * difference between ours and the naive loop, relative to the value (bands: to the price).
 * Run alone: `tsx scripts/bench/indicators.ts [--quick] [--json]`.
 */
export interface IndicatorFigures {
  oursMs: number;
  naiveMs: number;
  libMs: number;
  maxAbsDiff: number;
  maxRelDiff: number;
  /** ours vs the library where both seed alike (EMA: only after 50 periods, since the library seeds with the first value) */
  libMaxRelDiff: number;
}
/** Bollinger has a second, faster naive control: running Σx and Σx² (fast, not numerically stable) */
export interface BollingerFigures extends IndicatorFigures { naiveSumsMs: number; naiveSumsMaxRelDiff: number }
export interface IndicatorsResult {
  candles: number;
  ema: IndicatorFigures;
  rsi: IndicatorFigures;
  atr: IndicatorFigures;
  bollinger: BollingerFigures;
}

const WARMUPS = 3;
const REPS = 7;

/** A BTC-like 5m series: log-returns ~ N(0, σ) with σ clustering between 0.05% and 1%, wicks outside open/close. */
export function syntheticCandles(n: number) {
  const rnd = seeded(20240612);
  const gauss = () => (rnd() + rnd() + rnd() + rnd() + rnd() + rnd() - 3) * Math.SQRT2;
  const high = new Float64Array(n);
  const low = new Float64Array(n);
  const close = new Float64Array(n);
  let price = 30_000;
  let vol = 0.002;
  for (let i = 0; i < n; i++) {
    vol = Math.min(0.01, Math.max(0.0005, vol * Math.exp(0.1 * gauss())));
    const open = price;
    price = open * Math.exp(vol * gauss());
    high[i] = Math.max(open, price) * (1 + vol * Math.abs(gauss()) * 0.5);
    low[i] = Math.min(open, price) * (1 - vol * Math.abs(gauss()) * 0.5);
    close[i] = price;
  }
  return { high, low, close };
}

function naiveEma(x: Float64Array, n: number, out: Float64Array): Float64Array {
  const alpha = 2 / (n + 1);
  let v = 0;
  for (let i = 0; i < x.length; i++) {
    if (i < n) {
      v += x[i]!;
      out[i] = i === n - 1 ? (v /= n) : NaN;
    } else {
      v = alpha * x[i]! + (1 - alpha) * v;
      out[i] = v;
    }
  }
  return out;
}

function naiveRsi(x: Float64Array, n: number, out: Float64Array): Float64Array {
  let gain = 0;
  let loss = 0;
  out[0] = NaN;
  for (let i = 1; i < x.length; i++) {
    const d = x[i]! - x[i - 1]!;
    const g = d > 0 ? d : 0;
    const l = d < 0 ? -d : 0;
    if (i <= n) {
      gain += g;
      loss += l;
      if (i < n) { out[i] = NaN; continue; }
      gain /= n;
      loss /= n;
    } else {
      gain = (gain * (n - 1) + g) / n;
      loss = (loss * (n - 1) + l) / n;
    }
    out[i] = loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss);
  }
  return out;
}

function naiveAtr(h: Float64Array, l: Float64Array, c: Float64Array, n: number, out: Float64Array): Float64Array {
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    const tr = i === 0 ? h[i]! - l[i]! : Math.max(h[i]! - l[i]!, Math.abs(h[i]! - c[i - 1]!), Math.abs(l[i]! - c[i - 1]!));
    if (i < n) {
      v += tr;
      out[i] = i === n - 1 ? (v /= n) : NaN;
    } else {
      v = (v * (n - 1) + tr) / n;
      out[i] = v;
    }
  }
  return out;
}

function naiveBollinger(x: Float64Array, n: number, k: number, mid: Float64Array, up: Float64Array, lo: Float64Array): void {
  for (let t = 0; t < x.length; t++) {
    if (t < n - 1) { mid[t] = up[t] = lo[t] = NaN; continue; }
    let s = 0;
    for (let i = t - n + 1; i <= t; i++) s += x[i]!;
    const m = s / n;
    let ss = 0;
    for (let i = t - n + 1; i <= t; i++) ss += (x[i]! - m) * (x[i]! - m);
    const sd = Math.sqrt(ss / n);
    mid[t] = m;
    up[t] = m + k * sd;
    lo[t] = m - k * sd;
  }
}

function naiveBollingerSums(x: Float64Array, n: number, k: number, mid: Float64Array, up: Float64Array, lo: Float64Array): void {
  let s = 0;
  let s2 = 0;
  for (let t = 0; t < x.length; t++) {
    s += x[t]!;
    s2 += x[t]! * x[t]!;
    if (t >= n) {
      s -= x[t - n]!;
      s2 -= x[t - n]! * x[t - n]!;
    }
    if (t < n - 1) { mid[t] = up[t] = lo[t] = NaN; continue; }
    const m = s / n;
    const sd = Math.sqrt(Math.max(0, s2 / n - m * m));
    mid[t] = m;
    up[t] = m + k * sd;
    lo[t] = m - k * sd;
  }
}

/** Largest |a − b| and |a − b| / |b| over the indices from `from`; NaN must line up. */
function diff(a: ArrayLike<number>, aFrom: number, b: ArrayLike<number>, bFrom: number, count: number) {
  let maxAbs = 0;
  let maxRel = 0;
  for (let j = 0; j < count; j++) {
    const x = a[aFrom + j]!;
    const y = b[bFrom + j]!;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (Number.isNaN(x) !== Number.isNaN(y)) return { maxAbs: Infinity, maxRel: Infinity };
      continue;
    }
    const d = Math.abs(x - y);
    maxAbs = Math.max(maxAbs, d);
    maxRel = Math.max(maxRel, d / Math.max(Math.abs(y), Number.MIN_VALUE));
  }
  return { maxAbs, maxRel };
}

/** Median wall time in ms of `fn` after untimed warm-up calls; the sink keeps results observable. */
function timeMs(fn: () => ArrayLike<number>): number {
  let sink = 0;
  for (let i = 0; i < WARMUPS; i++) sink += fn().length;
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = process.hrtime.bigint();
    const out = fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    sink += out[out.length - 1]!;
  }
  if (Number.isNaN(sink)) throw new Error('bench sink is NaN');
  return times.sort((a, b) => a - b)[REPS >> 1]!;
}

export function runIndicators(isQuick: boolean): IndicatorsResult {
  const n = isQuick ? 100_000 : 1_000_000;
  const { high, low, close } = syntheticCandles(n);
  const [hArr, lArr, cArr] = [Array.from(high), Array.from(low), Array.from(close)];
  const lib = new IndicatorsSync();
  const ours = new Float64Array(n);
  const naive = new Float64Array(n);
  const bbOurs = { middle: new Float64Array(n), upper: new Float64Array(n), lower: new Float64Array(n) };
  const bbNaive = { middle: new Float64Array(n), upper: new Float64Array(n), lower: new Float64Array(n) };

  const figures = (oursMs: number, naiveMs: number, libMs: number, vsNaive: { maxAbs: number; maxRel: number }, vsLib: { maxRel: number }): IndicatorFigures =>
    ({ oursMs, naiveMs, libMs, maxAbsDiff: vsNaive.maxAbs, maxRelDiff: vsNaive.maxRel, libMaxRelDiff: vsLib.maxRel });

  const ema = figures(timeMs(() => emaSeries(close, 20, ours)), timeMs(() => naiveEma(close, 20, naive)), timeMs(() => lib.ema(cArr, 20)),
    diff(emaSeries(close, 20, ours), 0, naiveEma(close, 20, naive), 0, n), diff(ours, 1000, lib.ema(cArr, 20), 1000, n - 1000));

  const rsi = figures(timeMs(() => rsiSeries(close, 14, ours)), timeMs(() => naiveRsi(close, 14, naive)), timeMs(() => lib.rsi(cArr, 14)),
    diff(rsiSeries(close, 14, ours), 0, naiveRsi(close, 14, naive), 0, n), diff(ours, 14, lib.rsi(cArr, 14), 0, n - 14));

  const atr = figures(timeMs(() => atrSeries(high, low, close, 14, ours)), timeMs(() => naiveAtr(high, low, close, 14, naive)),
    timeMs(() => lib.atr(hArr, lArr, cArr, 14)),
    diff(atrSeries(high, low, close, 14, ours), 0, naiveAtr(high, low, close, 14, naive), 0, n), diff(ours, 13, lib.atr(hArr, lArr, cArr, 14), 0, n - 13));

  const bbTimeOurs = timeMs(() => bollingerSeries(close, 20, 2, bbOurs).upper);
  const bbTimeNaive = timeMs(() => (naiveBollinger(close, 20, 2, bbNaive.middle, bbNaive.upper, bbNaive.lower), bbNaive.upper));
  const bbTimeLib = timeMs(() => lib.bbands(cArr, 20, 2)[2]!);
  const bbSums = { middle: new Float64Array(n), upper: new Float64Array(n), lower: new Float64Array(n) };
  const naiveSumsMs = timeMs(() => (naiveBollingerSums(close, 20, 2, bbSums.middle, bbSums.upper, bbSums.lower), bbSums.upper));
  bollingerSeries(close, 20, 2, bbOurs);
  naiveBollinger(close, 20, 2, bbNaive.middle, bbNaive.upper, bbNaive.lower);
  const [libLower, , libUpper] = lib.bbands(cArr, 20, 2);
  const worst = (...ds: { maxAbs: number; maxRel: number }[]) => ({ maxAbs: Math.max(...ds.map((d) => d.maxAbs)), maxRel: Math.max(...ds.map((d) => d.maxRel)) });
  const bollinger: BollingerFigures = {
    ...figures(bbTimeOurs, bbTimeNaive, bbTimeLib,
      worst(diff(bbOurs.middle, 0, bbNaive.middle, 0, n), diff(bbOurs.upper, 0, bbNaive.upper, 0, n), diff(bbOurs.lower, 0, bbNaive.lower, 0, n)),
      worst(diff(bbOurs.upper, 19, libUpper!, 0, n - 19), diff(bbOurs.lower, 19, libLower!, 0, n - 19))),
    naiveSumsMs, naiveSumsMaxRelDiff: worst(diff(bbSums.upper, 0, bbNaive.upper, 0, n), diff(bbSums.lower, 0, bbNaive.lower, 0, n)).maxRel,
  };

  return { candles: n, ema, rsi, atr, bollinger };
}

const LABELS: [key: 'ema' | 'rsi' | 'atr' | 'bollinger', label: string][] = [['ema', 'EMA(20)'], ['rsi', 'RSI(14) Wilder'], ['atr', 'ATR(14) Wilder'], ['bollinger', 'Bollinger(20, 2)']];
const ms = (x: number) => `${x.toFixed(2)} ms`;

export const indicatorsCase: BenchCase<IndicatorsResult> = {
  id: 'B3',
  script: new URL(import.meta.url).pathname,
  rows(r) {
    return LABELS.map(([key, label]) => {
      const f = r[key];
      // Bollinger: judged against the faster of its two naive loops (the running-sums one, which is fast but loses digits)
      const naiveMs = key === 'bollinger' ? Math.min(f.naiveMs, r.bollinger.naiveSumsMs) : f.naiveMs;
      const isMet = f.oursMs <= 2 * naiveMs && f.oursMs < f.libMs && f.maxRelDiff <= 1e-9;
      const sums = key === 'bollinger'
        ? `, ${ms(r.bollinger.naiveSumsMs)} naive running Σx/Σx² (its max rel. diff ${r.bollinger.naiveSumsMaxRelDiff.toExponential(1)})` : '';
      return {
        case: `B3 ${label}, ${r.candles.toLocaleString('en-US')} candles (max rel. diff vs naive ${f.maxRelDiff.toExponential(1)}; vs library ${f.libMaxRelDiff.toExponential(1)})`,
        value: `${ms(f.oursMs)} (ours)`,
        control: `${ms(f.naiveMs)} naive${key === 'bollinger' ? ' two-pass window' : ''}${sums}; ${ms(f.libMs)} @ixjb94/indicators`,
        ratio: `${(f.oursMs / naiveMs).toFixed(2)}× naive; ${(f.oursMs / f.libMs).toFixed(2)}× library`,
        target: '≤ 2× naive, < library, diff ≤ 1e-9',
        met: isMet ? 'yes' : 'no',
      };
    });
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = runIndicators(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n`
    : `${indicatorsCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control}, ratio ${r.ratio}, target ${r.target}, met ${r.met})`).join('\n')}\n`);
}
