import type PgBoss from 'pg-boss';
import { z } from 'zod';
import type { Db, Tx } from '@/adapters/db/client';
import { BACKTEST_QUEUE, bossExecutor } from '@/adapters/queue/boss';
import { SWEEP_TIMEFRAMES } from '@/domain/research/sweep-grid';
import { STRATEGY_NAMES } from '@/domain/strategies/registry';

/** A backtest job's payload: which run row to compute. */
export const backtestJobSchema = z.object({
  runId: z.uuid('runId must be a uuid'),
  sweepId: z.uuid('sweepId must be a uuid'),
});
export type BacktestJob = z.infer<typeof backtestJobSchema>;

/** What a run row must hold to be computed (written by createSweep; checked again, since it comes from the database). */
export const runInputSchema = z.object({
  strategy: z.enum(STRATEGY_NAMES, { error: 'run strategy is not a known strategy' }),
  symbols: z.array(z.string()).length(1, 'a sweep run has exactly one symbol'),
  timeframe: z.enum(SWEEP_TIMEFRAMES, { error: 'run timeframe must be 1h or 5m' }),
  fromTime: z.date(),
  toTime: z.date(),
  params: z.looseObject({ equity: z.number({ error: 'run params.equity must be a number' }).positive('run params.equity must be > 0') }),
});
export type RunInput = z.infer<typeof runInputSchema>;

/** A worker's hold on a run: its id and the instant it claimed it (both must still be on the row for its writes to land). */
export interface RunClaim { runId: string; workerId: string; startedAt: Date }

export type ClaimOutcome =
  | { kind: 'claimed'; claim: RunClaim; input: unknown }
  | { kind: 'done' } // already SUCCEEDED or FAILED: a retry after a lost ack, or a cancelled sweep
  | { kind: 'missing' }; // the sweep was deleted

/**
 * Take a run for computing. startedAt comes from PostgreSQL's clock: it is the claim's
 * fencing token as well as a time, and must differ between two claims of one run. A
 * RUNNING row is taken over too: its job came back to the
 * queue only because pg-boss judged the previous attempt dead (expired) or it failed, so
 * the previous holder's late writes must lose; they do, because they name its startedAt.
 */
export async function claimRun(db: Db, runId: string, workerId: string, jobId: string): Promise<ClaimOutcome> {
  // the claim and the run's input in one statement: a sweep's per-run cost is mostly statements
  const rows = await db.$queryRaw<{ startedAt: Date; strategy: string; symbols: string[]; timeframe: string; fromTime: Date; toTime: Date; params: unknown }[]>`
    UPDATE "BacktestRun" SET status = 'RUNNING', "workerId" = ${workerId}, "jobId" = ${jobId},
      "startedAt" = (clock_timestamp() AT TIME ZONE 'UTC'), "finishedAt" = NULL, "durationMs" = NULL, error = NULL
    WHERE id = ${runId}::uuid AND status IN ('QUEUED', 'RUNNING')
    RETURNING "startedAt", strategy, symbols, timeframe, "fromTime", "toTime", params`;
  if (rows[0]) {
    const { startedAt, ...input } = rows[0];
    return { kind: 'claimed', claim: { runId, workerId, startedAt }, input };
  }
  const exists = await db.backtestRun.count({ where: { id: runId } });
  return exists ? { kind: 'done' } : { kind: 'missing' };
}

export interface RunResult {
  metrics: object;
  equityCurve: { t: number; equity: number }[];
}

type Ending = { status: 'SUCCEEDED'; result: RunResult } | { status: 'FAILED'; error: string };

/**
 * Write a run's ending, complete its job and, if it was the sweep's last open run, set
 * the sweep's finishedAt: one transaction, so the job is completed exactly when the row
 * is final. The sweep row is locked before the count of open runs: two workers finishing
 * a sweep's last two runs at once take turns there, and the second sees the first's run as
 * finished (READ COMMITTED reads what committed before each statement), so finishedAt is
 * always set, once.
 * Returns false when the claim was lost (cancelled, or taken over after an expiry): then
 * nothing is written.
 */
export async function finishRun(db: Db, boss: PgBoss, claim: RunClaim, job: { id: string; sweepId: string }, ending: Ending,
  timing: { finishedAt: Date; durationMs: number }): Promise<boolean> {
  const { finishedAt, durationMs } = timing;
  return db.$transaction(async (tx) => {
    const data = ending.status === 'SUCCEEDED'
      ? { status: 'SUCCEEDED' as const, metrics: ending.result.metrics, equityCurve: ending.result.equityCurve, error: null }
      : { status: 'FAILED' as const, error: ending.error.slice(0, 2000) };
    const written = await tx.backtestRun.updateMany({
      where: { id: claim.runId, status: 'RUNNING', workerId: claim.workerId, startedAt: claim.startedAt },
      data: { ...data, finishedAt, durationMs: Math.round(durationMs) },
    });
    if (written.count === 0) return false;
    await boss.complete(BACKTEST_QUEUE, job.id, { status: ending.status }, { db: bossExecutor(tx) });
    // the sweep row is locked only for the count: the writes above run in parallel across workers
    await lockSweep(tx, job.sweepId);
    await finishSweepIfDone(tx, job.sweepId, finishedAt);
    return true;
  });
}

/** Give a run back (a draining worker): QUEUED again, only if still ours; its job is failed by the caller and comes back from the queue. */
export async function releaseRun(db: Db, claim: RunClaim): Promise<void> {
  await db.backtestRun.updateMany({
    where: { id: claim.runId, status: 'RUNNING', workerId: claim.workerId, startedAt: claim.startedAt },
    data: { status: 'QUEUED', startedAt: null, workerId: null },
  });
}

/** A run whose job used up its retries (the dead-letter queue): FAILED, whoever last held it. */
export async function failAbandonedRun(db: Db, job: BacktestJob, error: string, at: Date): Promise<boolean> {
  return db.$transaction(async (tx) => {
    await lockSweep(tx, job.sweepId);
    const written = await tx.backtestRun.updateMany({ where: { id: job.runId, status: { in: ['QUEUED', 'RUNNING'] } }, data: { status: 'FAILED', error: error.slice(0, 2000), finishedAt: at } });
    await finishSweepIfDone(tx, job.sweepId, at);
    return written.count > 0;
  });
}

async function lockSweep(tx: Tx, sweepId: string) {
  await tx.$queryRaw`SELECT id FROM "BacktestSweep" WHERE id = ${sweepId}::uuid FOR UPDATE`;
}

async function finishSweepIfDone(tx: Tx, sweepId: string, at: Date) {
  const open = await tx.backtestRun.count({ where: { sweepId, status: { in: ['QUEUED', 'RUNNING'] } } });
  if (open === 0) await tx.backtestSweep.updateMany({ where: { id: sweepId, finishedAt: null }, data: { finishedAt: at } });
}

/** A run held by a worker whose heartbeat stopped: its job is active in pg-boss but nobody computes it. */
export interface OrphanedRun { runId: string; jobId: string; workerId: string; startedAt: Date }

/**
 * Runs RUNNING under a worker that has not beaten for `staleAfterMs` (or whose heartbeat row
 * is gone, or that said it was stopping that long ago). Read on PostgreSQL's clock, like the
 * claims: a worker's own clock never decides that another is dead.
 */
export async function runsOfDeadWorkers(db: Db, staleAfterMs: number): Promise<OrphanedRun[]> {
  return db.$queryRaw<OrphanedRun[]>`
    SELECT r.id AS "runId", r."jobId", r."workerId", r."startedAt" FROM "BacktestRun" r
    LEFT JOIN "WorkerHeartbeat" h ON h."workerId" = r."workerId"
    WHERE r.status = 'RUNNING' AND r."jobId" IS NOT NULL AND r."workerId" IS NOT NULL
      AND r."startedAt" < (clock_timestamp() AT TIME ZONE 'UTC') - make_interval(secs => ${staleAfterMs}::float8 / 1000)
      AND (h."workerId" IS NULL OR h."lastBeatAt" < (clock_timestamp() AT TIME ZONE 'UTC') - make_interval(secs => ${staleAfterMs}::float8 / 1000))`;
}

/**
 * Hand an orphaned run back: the row to QUEUED (only if the same claim still holds it) and its
 * job failed in the same transaction, so pg-boss retries it at once instead of waiting out the
 * job's expiry. A late write by the presumed-dead worker names the old claim and is dropped.
 */
export async function requeueOrphanedRun(db: Db, boss: PgBoss, run: OrphanedRun): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const released = await tx.backtestRun.updateMany({
      where: { id: run.runId, status: 'RUNNING', workerId: run.workerId, startedAt: run.startedAt },
      data: { status: 'QUEUED', startedAt: null, workerId: null },
    });
    if (released.count === 0) return false;
    await boss.fail(BACKTEST_QUEUE, run.jobId, { message: `worker ${run.workerId} stopped beating while running it` }, { db: bossExecutor(tx) });
    return true;
  });
}
