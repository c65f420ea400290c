import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createGunzip } from 'node:zlib';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { runBacktest } from '@/domain/backtest/run-backtest';
import type { BacktestReport } from '@/domain/backtest/types';
import type { CandleSeries } from '@/domain/market/candle-series';
import type { BenchCase } from './index';
import { referenceLoop } from './reference-loop';

/**
 * B1 and B8 (docs/benchmarks.md), one child process per run, in this order:
 *  - B8, memory, while the process is fresh: RSS right before loading (baseline), then the
 *    last 365 days of every 5m file in data/ loaded with loadCandlesCsv and run through
 *    runBacktest(series, defaultBacktestConfig()); (peak RSS − baseline) / candles = bytes
 *    per candle, next to the 48 bytes/candle of six float64 columns. The peak includes the
 *    loader's transient text and the run's journal, as a real `npm run backtest` would.
 *  - B1, throughput: the same 5m series, and the last 365 days of every 1h file, each set
 *    run through runBacktest OURS_WARMUPS + OURS_REPS times, back to back after one
 *    collection (loading excluded): the figure is the median of the reps, as for the
 *    controls, and the first run is printed beside it. Controls in this process on the same series: (a) the memory
 *    floor, a sum of the six columns; (b) the frozen reference loop (reference-loop.ts),
 *    all pairs merged by time. Each control: median of CONTROL_REPS after warm-ups.
 * "The last 365 days" of a file ends at its last candle (toMs = last open time + 1), found
 * by a short child process that streams the gzips. --quick: the last 36.5 days.
 * Both cases run this script (the runner starts one script per case); each reads its part.
 * Run alone: `tsx scripts/bench/backtest.ts [--quick] [--json]`.
 */
export interface SetFigures {
  pairs: number;
  candles: number;
  oursMs: number;
  oursPerSec: number;
  /** the first of the runs, before the warm-up (a one-off `npm run backtest` pays this) */
  firstMs: number;
  trades: number;
  /** entries the risk validator approved or shrank */
  entries: number;
  floorMs: number;
  floorPerSec: number;
  refMs: number;
  refPerSec: number;
  refTrades: number;
  /** ours / reference throughput (= reference time / our time); target ≥ 1/3 */
  ratioToRef: number;
}
export interface MemoryFigures {
  pairs: number;
  candles: number;
  baselineRssKb: number;
  /** maxRSS before loading: if above the baseline, an earlier peak (module loading) could hide part of the rise */
  maxRssBeforeKb: number;
  /** maxRSS after loading, before the run: how much of the peak the loader alone reaches */
  peakAfterLoadKb: number;
  peakRssKb: number;
  bytesPerCandle: number;
  loadMs: number;
  runMs: number;
  trades: number;
}
export interface BacktestBenchResult {
  days: number;
  h1: SetFigures;
  m5: SetFigures;
  memory: MemoryFigures;
}

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const DATA = path.join(ROOT, 'data');
const DAY_MS = 86_400_000;
const SCRIPT = new URL(import.meta.url).pathname;
const LAST_TIMES_FLAG = '--last-times';
const CONTROL_WARMUPS = 2;
const CONTROL_REPS = 5;
const OURS_WARMUPS = 1;
const OURS_REPS = 3;

/** a full collection without --expose-gc on the command line (so timings and the baseline start from a clean heap); only in the child */
let collect: (() => void) | undefined;
function gc() {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

/** The last line's timestamp, streaming the gzip. */
async function lastOpenTime(file: string): Promise<number> {
  let tail = Buffer.alloc(0);
  for await (const chunk of fs.createReadStream(file).pipe(createGunzip())) tail = Buffer.concat([tail, chunk as Buffer]).subarray(-256);
  const last = tail.toString('latin1').trimEnd().split('\n').pop() ?? '';
  const t = Number(last.split(',')[0]);
  if (!Number.isInteger(t)) throw new Error(`${file}: cannot read the last timestamp ("${last.slice(0, 60)}")`);
  return t;
}

interface Planned { file: string; fromMs: number; toMs: number }
/**
 * Where each file of the timeframe ends, read in a separate short process: decompressing
 * ~20 files here would leave heap and allocator pages resident, which the loader would then
 * reuse, and B8's baseline would hide part of the rise.
 */
function plan(timeframe: string, days: number): Planned[] {
  const files = fs.readdirSync(DATA).filter((f) => f.endsWith(`_${timeframe}.csv.gz`)).sort().map((f) => path.join(DATA, f));
  if (!files.length) throw new Error(`no ${timeframe} files in ${DATA}`);
  const out = execFileSync(process.execPath, ['--import', 'tsx', SCRIPT, LAST_TIMES_FLAG, ...files], { cwd: ROOT, encoding: 'utf8' });
  const lastTimes = JSON.parse(out) as number[];
  return files.map((file, k) => {
    const toMs = lastTimes[k]! + 1;
    return { file, fromMs: toMs - Math.round(days * DAY_MS), toMs };
  });
}
const load = (ps: Planned[]) => ps.map((p) => loadCandlesCsv(p.file, { fromMs: p.fromMs, toMs: p.toMs }));
const count = (series: CandleSeries[]) => series.reduce((n, s) => n + s.length, 0);

/** Control (a): the memory floor, every value of the six columns read once. */
export function columnSum(seriesList: readonly CandleSeries[]): number {
  let sum = 0;
  for (const s of seriesList) {
    const { time, open, high, low, close, volume } = s;
    for (let i = 0; i < s.length; i++) sum += time[i]! + open[i]! + high[i]! + low[i]! + close[i]! + volume[i]!;
  }
  return sum;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
function medianMs(fn: () => number): number {
  let sink = 0;
  for (let i = 0; i < CONTROL_WARMUPS; i++) sink += fn();
  const ms: number[] = [];
  for (let i = 0; i < CONTROL_REPS; i++) {
    const t0 = nowMs();
    sink += fn();
    ms.push(nowMs() - t0);
  }
  if (Number.isNaN(sink)) throw new Error('bench sink is NaN');
  return ms.sort((a, b) => a - b)[CONTROL_REPS >> 1]!;
}

function measureSet(series: CandleSeries[]): SetFigures {
  const candles = count(series);
  // ours like the controls: warm-up, then the median of reps; the first run (the JIT still
  // compiling the pipeline for this data) is reported beside it. One collection before the
  // warm-up, none between runs: a forced full GC right before a run made that run ~2×
  // slower (V8 re-optimises with less inlining afterwards), which no real backtest does.
  const times: number[] = [];
  let report: BacktestReport | undefined;
  gc();
  for (let k = 0; k < OURS_WARMUPS + OURS_REPS; k++) {
    const t0 = nowMs();
    report = runBacktest(series, defaultBacktestConfig());
    times.push(nowMs() - t0);
  }
  const firstMs = times[0]!;
  const oursMs = times.slice(OURS_WARMUPS).sort((a, b) => a - b)[OURS_REPS >> 1]!;
  const floorMs = medianMs(() => columnSum(series));
  let refTrades = 0;
  const refMs = medianMs(() => {
    const r = referenceLoop(series);
    if (r.candles !== candles) throw new Error(`reference saw ${r.candles} candles, expected ${candles}`);
    refTrades = r.trades;
    return r.finalEquity;
  });
  const perSec = (ms: number) => (candles / ms) * 1000;
  return {
    pairs: series.length, candles, oursMs, oursPerSec: perSec(oursMs), firstMs, trades: report!.trades.length, entries: report!.decisions.approved + report!.decisions.shrunk,
    floorMs, floorPerSec: perSec(floorMs), refMs, refPerSec: perSec(refMs), refTrades, ratioToRef: refMs / oursMs,
  };
}

export function runBacktestBench(isQuick: boolean): BacktestBenchResult {
  const days = isQuick ? 36.5 : 365;
  const [plan5m, plan1h] = [plan('5m', days), plan('1h', days)];
  // B8: fresh process, nothing of the workload loaded yet
  gc();
  const maxRssBeforeKb = process.resourceUsage().maxRSS;
  const baseline = process.memoryUsage().rss;
  let t0 = nowMs();
  const m5 = load(plan5m);
  const loadMs = nowMs() - t0;
  const peakAfterLoadKb = process.resourceUsage().maxRSS;
  t0 = nowMs();
  const first = runBacktest(m5, defaultBacktestConfig());
  const runMs = nowMs() - t0;
  const peakRssKb = process.resourceUsage().maxRSS;
  const candles5m = count(m5);
  const memory: MemoryFigures = {
    pairs: m5.length, candles: candles5m, baselineRssKb: Math.round(baseline / 1024), maxRssBeforeKb, peakAfterLoadKb, peakRssKb,
    bytesPerCandle: (peakRssKb * 1024 - baseline) / candles5m, loadMs, runMs, trades: first.trades.length,
  };
  // B1
  const h1 = load(plan1h);
  const m5Figures = measureSet(m5);
  const h1Figures = measureSet(h1);
  return { days, h1: h1Figures, m5: m5Figures, memory };
}

const fmtRate = (r: number) => (r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`);
const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const TARGET_RATE = 2_000_000;
const TARGET_RATIO = 1 / 3;
const TARGET_BYTES = 150;
const COLUMN_BYTES = 48;

function setRows(label: string, x: SetFigures) {
  const what = `B1 backtest ${label}, ${x.pairs} pairs, ${fmtInt(x.candles)} candles`;
  return [
    { case: `${what}: candles/s, full pipeline (${fmtInt(x.trades)} trades, ${fmtInt(x.entries)} entries; ${Math.round(x.oursMs)} ms, median of ${OURS_REPS} after ${OURS_WARMUPS} warm-up; first run ${Math.round(x.firstMs)} ms = ${fmtRate((x.candles / x.firstMs) * 1000)})`, value: fmtRate(x.oursPerSec),
      control: `${fmtRate(x.floorPerSec)} (6-column sum, memory floor)`, ratio: (x.oursPerSec / x.floorPerSec).toFixed(4),
      target: '≥ 2.00 M/s', met: x.oursPerSec >= TARGET_RATE ? 'yes' : 'no' },
    { case: `${what}: vs the reference loop (reference: ${fmtInt(x.refTrades)} trades; ${x.refMs.toFixed(1)} ms)`, value: fmtRate(x.oursPerSec),
      control: `${fmtRate(x.refPerSec)} (reference loop)`, ratio: x.ratioToRef.toFixed(3),
      target: '≥ 0.333 (≤ 3× the reference time)', met: x.ratioToRef >= TARGET_RATIO ? 'yes' : 'no' },
  ];
}

export const backtestCase: BenchCase<BacktestBenchResult> = {
  id: 'B1',
  script: SCRIPT,
  rows(r) {
    return [...setRows(`1h × ${r.days} d`, r.h1), ...setRows(`5m × ${r.days} d`, r.m5)];
  },
};

export const memoryCase: BenchCase<BacktestBenchResult> = {
  id: 'B8',
  script: SCRIPT,
  rows(r) {
    const m = r.memory;
    const mb = (kb: number) => ((kb - m.baselineRssKb) / 1024).toFixed(0);
    return [{
      case: `B8 memory, 5m × ${r.days} d, ${m.pairs} pairs, ${fmtInt(m.candles)} candles loaded and run (peak RSS +${mb(m.peakRssKb)} MB over ${(m.baselineRssKb / 1024).toFixed(0)} MB, +${mb(m.peakAfterLoadKb)} MB of it reached while loading; ${fmtInt(m.trades)} trades)${
        r.days < 365 ? '; --quick overstates it: the loader parses whole files whatever the range' : ''}`,
      value: `${m.bytesPerCandle.toFixed(1)} B/candle`, control: `${COLUMN_BYTES} B/candle (six float64 columns)`, ratio: (m.bytesPerCandle / COLUMN_BYTES).toFixed(2),
      target: `≤ ${TARGET_BYTES} B/candle`, met: m.bytesPerCandle <= TARGET_BYTES ? 'yes' : 'no',
    }];
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === LAST_TIMES_FLAG) {
    const times: number[] = [];
    for (const file of process.argv.slice(3)) times.push(await lastOpenTime(file));
    process.stdout.write(`${JSON.stringify(times)}\n`);
  } else {
    const result = runBacktestBench(process.argv.includes('--quick'));
    process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n`
      : `${[...backtestCase.rows(result), ...memoryCase.rows(result)].map((r) => `${r.case}: ${r.value} (control ${r.control}, ratio ${r.ratio}, target ${r.target}, met ${r.met})`).join('\n')}\n`);
  }
}
