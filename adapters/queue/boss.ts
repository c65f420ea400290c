import PgBoss from 'pg-boss';
import type { DbOrTx } from '@/adapters/db/client';

/**
 * The job queue: pg-boss 10 (the last release for Node 20) in its own schema `pgboss` of
 * our database. pg-boss keeps its schema's version in pgboss.version and migrates it
 * itself on start (not through prisma/migrations; `migrate: true` is race-safe between
 * instances starting together). The job tables are partitioned by queue (pgboss.job, one
 * partition per queue), fetched with FOR UPDATE SKIP LOCKED, so any number of workers
 * can take jobs from one queue without taking the same job twice.
 */
export const BOSS_SCHEMA = 'pgboss';
export const BACKTEST_QUEUE = 'backtest-run';
/** a run whose retries are used up lands here, so a worker can mark its row FAILED */
export const BACKTEST_DEAD_QUEUE = 'backtest-run-dead';

/**
 * A backtest of one cell takes well under a minute (the largest, a pair's whole 5m file,
 * a few seconds); an active job not completed within this time is taken as its worker
 * dead. pg-boss's maintenance (supervise) then fails it and, retries left, it goes back
 * to the queue for another worker. This is how a run that crashes its worker is retried:
 * pg-boss 10 has no per-job heartbeat, so expiry is the detector. The worker's own limit
 * on a run (BACKTEST_RUN_LIMIT_MS) is shorter, so a slow run is stopped before pg-boss
 * hands its job to someone else.
 */
export const BACKTEST_EXPIRE_SECONDS = 300;
export const BACKTEST_RUN_LIMIT_MS = 240_000;
/** how often a consumer runs pg-boss maintenance (one instance at a time does it): the bound on noticing an expired job */
const MAINTENANCE_INTERVAL_SECONDS = 30;

/**
 * 3 retries with backoff (5–10 s, 10–20 s, 20–40 s): enough for a worker restart or a
 * database failover; a backtest that throws the same error every time is failed by the
 * worker itself, not retried (worker/research).
 */
export const BACKTEST_QUEUE_POLICY = {
  policy: 'standard', retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInSeconds: BACKTEST_EXPIRE_SECONDS,
  retentionMinutes: 7 * 24 * 60, deadLetter: BACKTEST_DEAD_QUEUE,
} as const satisfies Omit<PgBoss.Queue, 'name'>;

export type BossMode = 'producer' | 'consumer';

export interface BossOptions {
  databaseUrl: string;
  mode: BossMode;
  onError: (err: Error) => void;
}

/**
 * A started pg-boss with the backtest queues in place. The producer (the web server)
 * only inserts and cancels jobs: a small pool, no maintenance, no cron. A consumer (a
 * research worker) also supervises: it expires jobs of dead workers and archives old ones.
 */
export async function startBoss(opts: BossOptions): Promise<PgBoss> {
  const isConsumer = opts.mode === 'consumer';
  const boss = new PgBoss({
    connectionString: opts.databaseUrl, schema: BOSS_SCHEMA, application_name: `sentinel-${opts.mode}`,
    max: isConsumer ? 4 : 2, migrate: true, schedule: false, supervise: isConsumer,
    maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
  });
  boss.on('error', opts.onError);
  await boss.start();
  await ensureBacktestQueues(boss);
  return boss;
}

/** Create the queues if missing (create_queue does nothing for an existing name), and keep the policy current if it changed. */
export async function ensureBacktestQueues(boss: PgBoss) {
  const existing = new Set((await boss.getQueues()).map((q) => q.name));
  if (!existing.has(BACKTEST_DEAD_QUEUE)) await boss.createQueue(BACKTEST_DEAD_QUEUE, { name: BACKTEST_DEAD_QUEUE, retryLimit: 0 });
  if (existing.has(BACKTEST_QUEUE)) await boss.updateQueue(BACKTEST_QUEUE, { name: BACKTEST_QUEUE, ...BACKTEST_QUEUE_POLICY });
  else await boss.createQueue(BACKTEST_QUEUE, { name: BACKTEST_QUEUE, ...BACKTEST_QUEUE_POLICY });
}

/**
 * pg-boss's executor bound to a Prisma client or transaction: pg-boss's `insert`,
 * `cancel` and `complete` accept `{ db }`, so a job and the rows it belongs to are
 * written in one PostgreSQL transaction (both or neither).
 */
export function bossExecutor(tx: DbOrTx): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...values);
      return { rows };
    },
  };
}
