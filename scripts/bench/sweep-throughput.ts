import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb, type Db } from '@/adapters/db/client';
import { candleFile, DATA_DIR, listAvailableData } from '@/adapters/market-data/available-data';
import { startBoss } from '@/adapters/queue/boss';
import { createSweep } from '@/adapters/repo/sweeps';
import { expandGrid, sweepRequest } from '@/domain/research/sweep-grid';
import { TEST_ENCRYPTION_KEY } from '@/tests/support/live-fixture';
import { provisionTestPostgres, urlWithDb } from '@/tests/support/test-postgres';
import { runBacktestTask, type SeriesCache } from '@/worker/research/backtest-task';
import type { BenchCase } from './index';

/**
 * R1 (issue 11): backtest sweep throughput, in backtests per minute, with one research
 * worker process and with two (real child processes: worker/main.ts with
 * WORKER_ROLES=research, one worker thread each), on the same sweep through the pg-boss queue; and the ratio. The
 * control is the same cells run one after another in this process, no queue, no database.
 * Each worker first runs a warm-up sweep, so its thread has loaded the candle files.
 */
export interface SweepBench { runs: number; candlesPerRun: number; oneWorkerPerMin: number; twoWorkersPerMin: number; controlPerMin: number }

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const SYMBOLS = ['BTCUSDT', 'ETHUSDT', 'SOLUSDT', 'XRPUSDT'];

function grid(isQuick: boolean, name: string) {
  const entryPeriods = isQuick ? [20, 40, 60] : [20, 30, 40, 50, 60, 80, 100, 120, 150, 200];
  // full: half a year of 5m candles per cell (≈ 52,000), a backtest long enough that the queue's per-job cost is not all we measure
  return { name, strategies: [{ name: 'donchian_breakout', params: { entryPeriod: entryPeriods, exitPeriod: [10] } }],
    symbols: SYMBOLS, timeframe: isQuick ? '1h' : '5m', periods: [isQuick ? { from: '2023-01-01', to: '2024-01-01' } : { from: '2025-01-01', to: '2025-07-01' }] };
}

async function startWorkers(url: string, n: number): Promise<ChildProcess[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => new Promise<ChildProcess>((resolve, reject) => {
    // the real worker with the research role only, as an operator adds research capacity
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')], {
      cwd: ROOT, env: { ...process.env, DATABASE_URL: url, WORKER_ID: `bench-${n}-${i}`, WORKER_ROLES: 'research', RESEARCH_CONCURRENCY: '1', LOG_LEVEL: 'info',
        SENTINEL_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('research worker started')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`research worker exited with ${code} before it started`)));
  })));
}

async function stopWorkers(children: ChildProcess[]) {
  await Promise.all(children.map((c) => new Promise((r) => { c.removeAllListeners('exit'); c.once('exit', r); c.kill('SIGTERM'); })));
}

async function runSweep(db: Db, boss: Awaited<ReturnType<typeof startBoss>>, raw: unknown): Promise<number> {
  const t0 = performance.now();
  const r = await createSweep(db, boss, raw, { actor: { id: null, label: 'bench' }, at: new Date(), availableData: listAvailableData() });
  if (!r.ok) throw new Error(r.error);
  for (;;) {
    const s = await db.backtestSweep.findUniqueOrThrow({ where: { id: r.value.sweepId } });
    if (s.finishedAt) break;
    await new Promise((res) => setTimeout(res, 50));
  }
  const failed = await db.backtestRun.count({ where: { sweepId: r.value.sweepId, status: 'FAILED' } });
  if (failed) throw new Error(`${failed} backtests failed`);
  return performance.now() - t0;
}

async function measure(url: string, db: Db, boss: Awaited<ReturnType<typeof startBoss>>, workers: number, isQuick: boolean): Promise<number> {
  const children = await startWorkers(url, workers);
  try {
    await runSweep(db, boss, { ...grid(isQuick, 'warm-up'), strategies: [{ name: 'donchian_breakout', params: { entryPeriod: [20, 30] } }], periods: [{ from: '2025-01-01', to: '2025-01-08' }] });
    const ms = await runSweep(db, boss, grid(isQuick, `bench ${workers}`));
    return (expandGrid(sweepRequest.parse(grid(isQuick, 'n'))).length / ms) * 60_000;
  } finally {
    await stopWorkers(children);
  }
}

function control(isQuick: boolean): { perMin: number; candles: number } {
  const cache: SeriesCache = new Map();
  const specs = expandGrid(sweepRequest.parse(grid(isQuick, 'control')));
  const task = (s: (typeof specs)[number]) => ({ file: candleFile(DATA_DIR, s.symbol, s.timeframe), strategy: s.strategy, params: s.params,
    fromMs: Date.parse(s.from), toMs: Date.parse(s.to), equity: s.equity });
  let candles = 0;
  for (const s of specs) candles = runBacktestTask(task(s), cache).candles; // warm: files parsed, code compiled
  const t0 = performance.now();
  for (const s of specs) runBacktestTask(task(s), cache);
  return { perMin: (specs.length / (performance.now() - t0)) * 60_000, candles };
}

export async function runSweepBench(isQuick: boolean): Promise<SweepBench> {
  const server = await provisionTestPostgres();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const name = `bench_sweep_${process.pid}`;
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(server.template)}`);
    const url = urlWithDb(server.adminUrl, name);
    const { db, close } = createDb(url, { max: 4 });
    const boss = await startBoss({ databaseUrl: url, mode: 'producer', onError: () => undefined });
    try {
      const oneWorkerPerMin = await measure(url, db, boss, 1, isQuick);
      const twoWorkersPerMin = await measure(url, db, boss, 2, isQuick);
      const c = control(isQuick);
      return { runs: expandGrid(sweepRequest.parse(grid(isQuick, 'n'))).length, candlesPerRun: c.candles, oneWorkerPerMin, twoWorkersPerMin, controlPerMin: c.perMin };
    } finally {
      await boss.stop({ graceful: false });
      await close();
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await server.embedded?.stop();
  }
}

const perMin = (x: number) => `${Math.round(x).toLocaleString('en-US')} backtests/min`;

export const sweepThroughputCase: BenchCase<SweepBench> = {
  id: 'R1',
  script: new URL(import.meta.url).pathname,
  rows: (r) => [
    { case: `R1 sweep throughput, ${r.runs} backtests (${r.candlesPerRun.toLocaleString('en-US')} candles each) via pg-boss: 1 research worker process`,
      value: perMin(r.oneWorkerPerMin), control: `${perMin(r.controlPerMin)} (in-process, no queue)`, ratio: (r.oneWorkerPerMin / r.controlPerMin).toFixed(2), target: '— (reported)', met: '—' },
    { case: 'R1 sweep throughput: 2 research worker processes (ratio = 2 workers / 1 worker)', value: perMin(r.twoWorkersPerMin),
      control: perMin(r.oneWorkerPerMin), ratio: (r.twoWorkersPerMin / r.oneWorkerPerMin).toFixed(2), target: '— (reported; ≤ 2 on 2 cores)', met: '—' },
  ],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runSweepBench(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${sweepThroughputCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control}, ratio ${r.ratio})`).join('\n')}\n`);
  process.exit(0);
}
