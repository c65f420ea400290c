import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { BACKTEST_QUEUE, BOSS_SCHEMA } from '@/adapters/queue/boss';

/**
 * The backtest queue's depth, read straight from pg-boss's tables (schema `pgboss`, queue
 * `backtest-run`; docs/scaling.md) so the dashboard needs no pg-boss instance of its own.
 * pg-boss creates its schema when the first worker starts it: on a fresh database there is
 * no queue yet, which reads as zeros, not as an error.
 */
const RECENT_MS = 24 * 3_600_000;

export const jobQueueDepth = z.object({
  name: z.string(),
  /** false until a worker has started pg-boss on this database */
  isInstalled: z.boolean(),
  /** created or waiting to be retried */
  waiting: z.number(),
  running: z.number(),
  failed24h: z.number(),
  completed24h: z.number(),
});
export type JobQueueDepth = z.infer<typeof jobQueueDepth>;

interface Counts { waiting: number; running: number; failed: number; completed: number }

export async function readJobQueueDepth(db: Db, name = BACKTEST_QUEUE): Promise<JobQueueDepth> {
  const [tables] = await db.$queryRaw<{ hasJob: boolean; hasArchive: boolean }[]>`
    SELECT to_regclass(${`${BOSS_SCHEMA}.job`}::text) IS NOT NULL AS "hasJob", to_regclass(${`${BOSS_SCHEMA}.archive`}::text) IS NOT NULL AS "hasArchive"`;
  if (!tables?.hasJob) return { name, isInstalled: false, waiting: 0, running: 0, failed24h: 0, completed24h: 0 };
  // pg-boss moves finished jobs to its archive after archiveCompletedAfterSeconds (12 h by
  // default): the 24 h figures count both tables, the archive only for its recent rows
  const archived = tables.hasArchive
    ? `UNION ALL SELECT state::text, completed_on FROM ${BOSS_SCHEMA}.archive WHERE name = $1 AND completed_on > now() - make_interval(secs => $2::float8 / 1000)`
    : '';
  const [c] = await db.$queryRawUnsafe<Counts[]>(`
    SELECT count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS waiting,
           count(*) FILTER (WHERE state = 'active')::int AS running,
           count(*) FILTER (WHERE state = 'failed' AND completed_on > now() - make_interval(secs => $2::float8 / 1000))::int AS failed,
           count(*) FILTER (WHERE state = 'completed' AND completed_on > now() - make_interval(secs => $2::float8 / 1000))::int AS completed
    FROM (SELECT state::text, completed_on FROM ${BOSS_SCHEMA}.job WHERE name = $1 ${archived}) jobs`, name, RECENT_MS);
  return { name, isInstalled: true, waiting: c?.waiting ?? 0, running: c?.running ?? 0, failed24h: c?.failed ?? 0, completed24h: c?.completed ?? 0 };
}
