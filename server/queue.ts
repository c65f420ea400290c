import type PgBoss from 'pg-boss';
import { startBoss } from '@/adapters/queue/boss';
import { serverEnv } from '@/server/env';
import { logger } from '@/server/logger';

const g = globalThis as unknown as { sentinelBoss?: Promise<PgBoss> };

/**
 * The web server's pg-boss producer (it queues and cancels backtest jobs; research
 * workers consume them). Started on first use, never at import: `next build` imports
 * the routers and must neither connect nor be kept alive by a pool. Kept on globalThis
 * across hot reloads, as server/db.ts keeps the Prisma client. A start that fails
 * (database down) is forgotten, so the next request tries again rather than failing
 * until a restart.
 */
export function backtestProducer(): Promise<PgBoss> {
  g.sentinelBoss ??= startBoss({
    databaseUrl: serverEnv().DATABASE_URL,
    mode: 'producer',
    onError: (err) => logger.warn({ component: 'job-queue', err: err.message }, 'job queue error'),
  }).catch((err: unknown) => {
    g.sentinelBoss = undefined;
    throw err;
  });
  return g.sentinelBoss;
}
