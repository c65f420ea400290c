import type PgBoss from 'pg-boss';
import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { DATA_DIR } from '@/adapters/market-data/available-data';
import { BACKTEST_DEAD_QUEUE, BACKTEST_QUEUE, startBoss } from '@/adapters/queue/boss';
import { startOrphanRequeue } from './requeue-orphans';
import { BacktestPool } from './backtest-pool';
import { markAbandonedRun, runBacktestJob, type JobDeps } from './run-backtest-job';

export interface ResearchWorkerOptions {
  databaseUrl: string;
  workerId: string;
  /** backtests at once, one worker thread each (RESEARCH_CONCURRENCY) */
  concurrency?: number;
  now?: () => Date;
  /** where the candle files are (default: the shipped data/) */
  dataDir?: string;
  /** how long stop() lets running backtests finish before giving them back to the queue */
  drainTimeoutMs?: number;
  /** a run whose worker has not beaten for this long goes back to the queue (default 30 s; pg-boss's own expiry is minutes) */
  orphanAfterMs?: number;
}

export interface ResearchWorker {
  workerId: string;
  /** Drain: stop taking jobs; running backtests finish, or past drainTimeoutMs go back to the queue. Never half-written. */
  stop(): Promise<void>;
}

// a free slot asks again at once after a job (notifyWorker); an idle one polls this often
const POLL_SECONDS = 1;
const DEAD_POLL_SECONDS = 5;
const DEFAULT_DRAIN_MS = 10_000;

/**
 * The research role of a worker: takes `backtest-run` jobs from pg-boss, computes each
 * backtest in a worker thread (never on this event loop, which the trading loops share)
 * and writes the result into its BacktestRun row. `concurrency` pg-boss work loops, each
 * one job at a time, over a pool of as many threads.
 */
export async function startResearchWorker(db: Db, log: Logger, opts: ResearchWorkerOptions): Promise<ResearchWorker> {
  const rlog = log.child({ component: 'research', workerId: opts.workerId });
  const concurrency = opts.concurrency ?? 1;
  const boss = await startBoss({ databaseUrl: opts.databaseUrl, mode: 'consumer', onError: (err) => rlog.warn({ err: err.message }, 'job queue error') });
  const pool = new BacktestPool(concurrency);
  let isStopping = false;
  const inFlight = new Set<Promise<unknown>>();
  const deps: JobDeps = { db, boss, pool, log: rlog, workerId: opts.workerId, dataDir: opts.dataDir ?? DATA_DIR, now: opts.now ?? (() => new Date()), isStopping: () => isStopping };

  const track = <T>(p: Promise<T>): Promise<T> => {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p)).catch(() => undefined); // the job's own handler reports its failure to pg-boss
    return p;
  };

  for (let i = 0; i < concurrency; i++) {
    const slot: { id?: string } = {};
    slot.id = await boss.work<unknown>(BACKTEST_QUEUE, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: POLL_SECONDS }, async ([job]) => {
      if (!job) return undefined;
      const result = await track(runBacktestJob(deps, job));
      // skip the polling pause: there may be more jobs waiting
      if (slot.id && !isStopping) boss.notifyWorker(slot.id);
      return result;
    });
  }
  await boss.work<unknown>(BACKTEST_DEAD_QUEUE, { batchSize: 1, includeMetadata: true, pollingIntervalSeconds: DEAD_POLL_SECONDS },
    async ([job]) => (job ? track(markAbandonedRun(deps, job)) : undefined));
  const orphans = startOrphanRequeue(db, boss, rlog, { everyMs: 5000, staleAfterMs: opts.orphanAfterMs ?? 30_000 });
  rlog.info({ concurrency }, 'research worker started');

  return {
    workerId: opts.workerId,
    stop: async () => { await orphans.stop(); await drain({ boss, pool, inFlight, log: rlog, setStopping: () => { isStopping = true; }, drainTimeoutMs: opts.drainTimeoutMs ?? DEFAULT_DRAIN_MS }); },
  };
}

async function drain(s: { boss: PgBoss; pool: BacktestPool; inFlight: Set<Promise<unknown>>; log: Logger; setStopping: () => void; drainTimeoutMs: number }) {
  s.setStopping();
  await s.boss.offWork(BACKTEST_QUEUE);
  await s.boss.offWork(BACKTEST_DEAD_QUEUE);
  const deadline = Date.now() + s.drainTimeoutMs;
  while (s.inFlight.size && Date.now() < deadline) await Promise.race([Promise.allSettled([...s.inFlight]), sleep(200)]);
  const unfinished = s.inFlight.size;
  // past the deadline the threads are stopped: each running job puts its row back to QUEUED and fails its job for a retry elsewhere
  await s.pool.stop();
  await Promise.allSettled([...s.inFlight]);
  await s.boss.stop({ graceful: true, timeout: 5000 });
  s.log.info({ returnedToQueue: unfinished }, 'research worker stopped');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
