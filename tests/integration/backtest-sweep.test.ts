import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/adapters/logging/logger';
import { listAvailableData } from '@/adapters/market-data/available-data';
import { BACKTEST_QUEUE, startBoss } from '@/adapters/queue/boss';
import { cancelSweep, createSweep, listSweeps, runCurves, sweepDetail } from '@/adapters/repo/sweeps';
import { startResearchWorker } from '@/worker/research/research-worker';
import { createTestDb, type TestDb } from '../support/test-db';

const log = createLogger('test', 'silent');
const actor = { id: null, label: 'test' };
const available = listAvailableData();

// 5 parameter sets × 2 symbols × 2 two-month periods of the shipped 1h data: 20 short backtests
const GRID = {
  name: 'donchian entry periods',
  strategies: [{ name: 'donchian_breakout', params: { entryPeriod: [20, 30, 40, 50, 60], exitPeriod: [10], atrStop: [3] } }],
  symbols: ['BTCUSDT', 'ETHUSDT'],
  timeframe: '1h',
  periods: [{ from: '2024-01-01', to: '2024-03-01' }, { from: '2024-03-01', to: '2024-05-01' }],
};

let t: TestDb;
let producer: PgBoss;

const cellKey = (r: { strategy: string; params: unknown; symbols: string[]; fromTime: Date }) => `${r.strategy} ${JSON.stringify(r.params)} ${r.symbols[0]} ${r.fromTime.toISOString()}`;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const sweepFinished = (id: string) => waitFor(`sweep ${id} to finish`, async () => (await t.db.backtestSweep.findUniqueOrThrow({ where: { id } })).finishedAt);

async function newSweep(grid: unknown = GRID, availableData = available) {
  const r = await createSweep(t.db, producer, grid, { actor, at: new Date(), availableData });
  if (!r.ok) throw new Error(r.error);
  return r.value.sweepId;
}

async function runsOf(sweepId: string) {
  return t.db.backtestRun.findMany({ where: { sweepId }, orderBy: { id: 'asc' } });
}

async function jobStates(ids: string[]) {
  return t.db.$queryRaw<{ id: string; state: string }[]>`SELECT id::text, state::text FROM pgboss.job WHERE id = ANY(${ids}::uuid[])`;
}

beforeAll(async () => {
  t = await createTestDb('backtest_sweep');
  producer = await startBoss({ databaseUrl: t.url, mode: 'producer', onError: (e) => { throw e; } });
});

afterAll(async () => {
  await producer?.stop({ graceful: false });
  await t?.drop();
});

describe('backtest sweeps on the pg-boss queue', () => {
  it('refuses a bad grid naming the field, and writes nothing', async () => {
    const bad = await createSweep(t.db, producer, { ...GRID, strategies: [{ name: 'ema_cross', params: { fast: [500], slow: [100] } }] }, { actor, at: new Date(), availableData: available });
    expect(bad).toEqual({ ok: false, error: expect.stringMatching(/^ema_cross: fast: fast must be shorter than slow/) });
    const noData = await createSweep(t.db, producer, { ...GRID, symbols: ['BTCUSDT', 'DOTUSDT'], timeframe: '5m' }, { actor, at: new Date(), availableData: available });
    expect(noData).toEqual({ ok: false, error: expect.stringMatching(/symbols: no 5m candles for DOTUSDT/) });
    expect(await t.db.backtestSweep.count()).toBe(0);
    expect(await producer.getQueueSize(BACKTEST_QUEUE)).toBe(0);
  });

  it('a sweep of 20 run by two workers gives exactly the results of one worker', async () => {
    const one = await startResearchWorker(t.db, log, { databaseUrl: t.url, workerId: 'solo' });
    const soloSweep = await newSweep();
    await sweepFinished(soloSweep);
    await one.stop();
    const solo = await runsOf(soloSweep);

    const pairSweep = await newSweep();
    const pair = await Promise.all(['alpha', 'beta'].map((workerId) => startResearchWorker(t.db, log, { databaseUrl: t.url, workerId })));
    try {
      await sweepFinished(pairSweep);
      const split = await runsOf(pairSweep);
      expect(split).toHaveLength(20);
      expect(split.every((r) => r.status === 'SUCCEEDED')).toBe(true);
      expect(new Set(split.map((r) => r.workerId))).toEqual(new Set(['alpha', 'beta']));
      const bySolo = new Map(solo.map((r) => [cellKey(r), r]));
      for (const r of split) {
        const s = bySolo.get(cellKey(r))!;
        expect(s.status).toBe('SUCCEEDED');
        expect(r.metrics).toEqual(s.metrics);
        expect(r.equityCurve).toEqual(s.equityCurve);
        expect(r.durationMs).toBeGreaterThanOrEqual(0);
      }
      expect(new Set(solo.map((r) => JSON.stringify(r.metrics))).size).toBeGreaterThan(1); // the parameters mattered
      expect((await jobStates(split.map((r) => r.jobId!))).every((j) => j.state === 'completed')).toBe(true);

      // the Research page's reads
      const [summary] = await listSweeps(t.db, { limit: 1 });
      expect(summary).toMatchObject({ id: pairSweep, totalRuns: 20, progress: { queued: 0, running: 0, succeeded: 20, failed: 0 }, workers: ['alpha', 'beta'] });
      const detail = await sweepDetail(t.db, pairSweep);
      expect(detail!.runs[0]!.metrics).toEqual(expect.objectContaining({ trades: expect.any(Number), sharpe: expect.any(Number), sortino: expect.any(Number) }));
      const curves = await runCurves(t.db, split.slice(0, 3).map((r) => r.id));
      expect(curves.map((c) => c.runId)).toEqual(split.slice(0, 3).map((r) => r.id));
      expect(curves.every((c) => c.points.length > 0 && c.points.length <= 500)).toBe(true);

      // a job retried after its run succeeded (its ack lost) is completed without running again
      const done = split[0]!;
      await t.db.$executeRaw`UPDATE pgboss.job SET state = 'retry', completed_on = NULL, start_after = now() WHERE id = ${done.jobId}::uuid`;
      await waitFor('the retried job to complete', async () => (await jobStates([done.jobId!]))[0]?.state === 'completed');
      const after = await t.db.backtestRun.findUniqueOrThrow({ where: { id: done.id } });
      expect({ startedAt: after.startedAt, finishedAt: after.finishedAt, workerId: after.workerId, metrics: after.metrics })
        .toEqual({ startedAt: done.startedAt, finishedAt: done.finishedAt, workerId: done.workerId, metrics: done.metrics });
    } finally {
      await Promise.all(pair.map((w) => w.stop()));
    }
  });

  it('a job whose worker died mid-run is retried by another worker', async () => {
    const sweepId = await newSweep({ ...GRID, name: 'crash', symbols: ['BTCUSDT'], periods: [GRID.periods[0]], strategies: [{ name: 'donchian_breakout', params: { entryPeriod: [20] } }] });
    // a worker takes the job and the run, then dies (no ack, no result)
    const [job] = await producer.fetch(BACKTEST_QUEUE);
    expect(job).toBeDefined();
    await t.db.backtestRun.updateMany({ where: { sweepId }, data: { status: 'RUNNING', workerId: 'dead', startedAt: new Date() } });
    // past its expiry pg-boss's maintenance fails it back to the queue; the backoff is skipped here
    await t.db.$executeRaw`UPDATE pgboss.job SET started_on = now() - interval '1 hour' WHERE id = ${job!.id}::uuid`;
    await producer.expire();
    expect((await jobStates([job!.id]))[0]?.state).toBe('retry');
    await t.db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE id = ${job!.id}::uuid`;
    const survivor = await startResearchWorker(t.db, log, { databaseUrl: t.url, workerId: 'survivor' });
    try {
      await sweepFinished(sweepId);
      const [run] = await runsOf(sweepId);
      expect(run).toMatchObject({ status: 'SUCCEEDED', workerId: 'survivor', jobId: job!.id });
    } finally {
      await survivor.stop();
    }
  });

  it('a run held by a worker whose heartbeat stopped goes back to the queue without waiting for the job\'s expiry', async () => {
    const sweepId = await newSweep({ ...GRID, name: 'frozen', symbols: ['ETHUSDT'], periods: [GRID.periods[0]], strategies: [{ name: 'donchian_breakout', params: { entryPeriod: [30] } }] });
    const [job] = await producer.fetch(BACKTEST_QUEUE);
    // the holder claimed it and went silent: its last beat a minute ago, its job still active in pg-boss
    await t.db.workerHeartbeat.create({ data: { workerId: 'frozen', hostname: 'h', pid: 1, mode: 'PAPER', roles: ['research'], version: 't', startedAt: new Date(Date.now() - 120_000),
      lastBeatAt: new Date(Date.now() - 60_000), details: {} } });
    await t.db.backtestRun.updateMany({ where: { sweepId }, data: { status: 'RUNNING', workerId: 'frozen', jobId: job!.id, startedAt: new Date(Date.now() - 5000) } });
    const survivor = await startResearchWorker(t.db, log, { databaseUrl: t.url, workerId: 'watcher', orphanAfterMs: 2000 });
    try {
      await waitFor('the orphaned run handed back', async () => (await jobStates([job!.id]))[0]?.state === 'retry', 20_000);
      expect((await runsOf(sweepId))[0]).toMatchObject({ status: 'QUEUED', workerId: null });
      await t.db.$executeRaw`UPDATE pgboss.job SET start_after = now() WHERE id = ${job!.id}::uuid`; // skip the retry backoff
      await sweepFinished(sweepId);
      expect((await runsOf(sweepId))[0]).toMatchObject({ status: 'SUCCEEDED', workerId: 'watcher', jobId: job!.id });
    } finally {
      await survivor.stop();
    }
  });

  it('a run that cannot be computed is FAILED with its reason, never half-written, and not retried', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sweep-data-'));
    fs.writeFileSync(path.join(dataDir, 'binance_BTCUSDT_1h.csv.gz'), gzipSync('timestamp_ms,open,high,low,close,volume\n1704067200000,10,9,11,10,1\n'));
    const sweepId = await newSweep({ ...GRID, name: 'bad data', symbols: ['BTCUSDT'], strategies: [{ name: 'donchian_breakout', params: { entryPeriod: [20] } }] });
    const worker = await startResearchWorker(t.db, log, { databaseUrl: t.url, workerId: 'w-bad', dataDir });
    try {
      await sweepFinished(sweepId);
      const runs = await runsOf(sweepId);
      expect(runs).toHaveLength(2);
      for (const r of runs) {
        expect(r).toMatchObject({ status: 'FAILED', metrics: null, equityCurve: null, workerId: 'w-bad' });
        expect(r.error).toMatch(/high\/low do not contain open\/close/);
      }
      expect((await jobStates(runs.map((r) => r.jobId!))).map((j) => j.state)).toEqual(['completed', 'completed']);
    } finally {
      await worker.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('cancelling a sweep fails its open runs and cancels their jobs in one go', async () => {
    const sweepId = await newSweep({ ...GRID, name: 'to cancel' });
    const r = await cancelSweep(t.db, producer, sweepId, { actor, at: new Date() });
    expect(r).toEqual({ ok: true, value: { cancelledRuns: 20 } });
    const runs = await runsOf(sweepId);
    expect(runs.every((x) => x.status === 'FAILED' && x.error === 'cancelled')).toBe(true);
    expect((await jobStates(runs.map((x) => x.jobId!))).every((j) => j.state === 'cancelled')).toBe(true);
    expect((await t.db.backtestSweep.findUniqueOrThrow({ where: { id: sweepId } })).finishedAt).not.toBeNull();
    expect(await t.db.auditLog.count({ where: { action: { in: ['research.sweep.create', 'research.sweep.cancel'] }, targetId: sweepId } })).toBe(2);
    expect(await cancelSweep(t.db, producer, sweepId, { actor, at: new Date() })).toEqual({ ok: false, error: 'the sweep has already finished' });
  });

  it('no run anywhere is half-written', async () => {
    const runs = await t.db.backtestRun.findMany();
    expect(runs.length).toBeGreaterThan(40);
    for (const r of runs) {
      if (r.status === 'SUCCEEDED') expect(r.metrics !== null && r.equityCurve !== null && r.finishedAt !== null && r.durationMs !== null && r.error === null).toBe(true);
      else expect({ status: r.status, metrics: r.metrics, equityCurve: r.equityCurve, hasError: r.error !== null }).toEqual({ status: 'FAILED', metrics: null, equityCurve: null, hasError: true });
    }
  });
});

