import type PgBoss from 'pg-boss';
import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { candleFile } from '@/adapters/market-data/available-data';
import { BACKTEST_RUN_LIMIT_MS } from '@/adapters/queue/boss';
import { backtestJobSchema, claimRun, failAbandonedRun, finishRun, releaseRun, runInputSchema, type RunClaim } from '@/adapters/repo/backtest-runs';
import { BacktestTaskError, PoolStoppedError, type BacktestPool } from './backtest-pool';

export interface JobDeps {
  db: Db;
  boss: PgBoss;
  pool: BacktestPool;
  log: Logger;
  workerId: string;
  dataDir: string;
  now: () => Date;
  isStopping: () => boolean;
}

/** Thrown to pg-boss so the job fails and comes back from the queue (retries left) for any worker. */
export class RetryLater extends Error {
  override readonly name = 'RetryLater';
}

/**
 * One `backtest-run` job. Returning completes the job (pg-boss); throwing fails it, and it
 * is retried (3 times, with backoff) by whichever worker fetches it next.
 * - the run already SUCCEEDED or FAILED (a retry after a lost ack, a cancelled sweep):
 *   completed without running again;
 * - a failure that would repeat anywhere (bad candle file, bad parameters, over the time
 *   limit): the run is FAILED with the reason and the job completed; no retry;
 * - a crashed thread, a lost database, a draining worker: the row goes back to QUEUED and
 *   the job is failed for a retry; the last attempt's failure is final (FAILED).
 */
export async function runBacktestJob(deps: JobDeps, job: PgBoss.JobWithMetadata<unknown>): Promise<{ outcome: string }> {
  const payload = backtestJobSchema.safeParse(job.data);
  if (!payload.success) {
    deps.log.error({ jobId: job.id, issues: payload.error.issues.map((i) => i.message) }, 'backtest job payload refused');
    return { outcome: 'refused' };
  }
  // fetched in the instant the worker began to drain: back to the queue untouched
  if (deps.isStopping()) throw new RetryLater('the research worker is stopping');
  const { runId, sweepId } = payload.data;
  const claimed = await claimRun(deps.db, runId, deps.workerId, job.id);
  if (claimed.kind !== 'claimed') return { outcome: claimed.kind === 'done' ? 'already-finished' : 'run-missing' };
  const { claim } = claimed;
  const finish = (ending: Parameters<typeof finishRun>[4], durationMs: number) =>
    finishRun(deps.db, deps.boss, claim, { id: job.id, sweepId }, ending, { finishedAt: deps.now(), durationMs });

  const input = runInputSchema.safeParse(claimed.input);
  if (!input.success) {
    await finish({ status: 'FAILED', error: `the run row is not runnable: ${input.error.issues.map((i) => i.message).join('; ')}` }, 0);
    return { outcome: 'failed' };
  }
  const { equity, ...params } = input.data.params;
  const task = { file: candleFile(deps.dataDir, input.data.symbols[0]!, input.data.timeframe), strategy: input.data.strategy, params,
    fromMs: input.data.fromTime.getTime(), toMs: input.data.toTime.getTime(), equity };
  const t0 = performance.now();
  try {
    const result = await deps.pool.run(task, BACKTEST_RUN_LIMIT_MS);
    const isWritten = await finish({ status: 'SUCCEEDED', result }, performance.now() - t0);
    deps.log.info({ runId, sweepId, durationMs: Math.round(performance.now() - t0), candles: result.candles, isWritten }, 'backtest run finished');
    return { outcome: isWritten ? 'succeeded' : 'dropped' };
  } catch (e) {
    return await onRunError(deps, job, claim, e, (error) => finish({ status: 'FAILED', error }, performance.now() - t0));
  }
}

async function onRunError(deps: JobDeps, job: PgBoss.JobWithMetadata<unknown>, claim: RunClaim, e: unknown, fail: (error: string) => Promise<boolean>) {
  const message = (e as Error).message ?? String(e);
  const isLastAttempt = job.retryCount >= job.retryLimit;
  if (e instanceof BacktestTaskError && (e.isPermanent || isLastAttempt)) {
    await fail(e.isPermanent ? message : `${message} (attempt ${job.retryCount + 1} of ${job.retryLimit + 1})`);
    deps.log.warn({ runId: claim.runId, jobId: job.id, reason: message }, 'backtest run failed');
    return { outcome: 'failed' };
  }
  // not finished here, never half-written: the row goes back to QUEUED and the job to the queue
  await releaseRun(deps.db, claim);
  if (!(e instanceof PoolStoppedError)) deps.log.warn({ runId: claim.runId, jobId: job.id, reason: message }, 'backtest run will be retried');
  throw new RetryLater(message);
}

/**
 * The dead-letter queue: a run whose job used up its retries (its workers kept dying, or
 * the database kept failing) is marked FAILED with the last reason, so its sweep finishes.
 */
export async function markAbandonedRun(deps: Pick<JobDeps, 'db' | 'log' | 'now'>, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
  const payload = backtestJobSchema.safeParse(job.data);
  if (!payload.success) return;
  const output = (job.output ?? {}) as { message?: string; value?: { message?: string } };
  const reason = output.message ?? output.value?.message ?? 'unknown';
  const isMarked = await failAbandonedRun(deps.db, payload.data, `gave up after ${job.retryLimit + 1} attempts: ${reason}`.slice(0, 2000), deps.now());
  if (isMarked) deps.log.error({ runId: payload.data.runId, sweepId: payload.data.sweepId, reason }, 'backtest run abandoned after its retries');
}
