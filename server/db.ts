import { createDb, type Db } from '@/adapters/db/client';
import { serverEnv } from '@/server/env';
import { logger } from '@/server/logger';

const g = globalThis as unknown as { sentinelDb?: Db };

/** The web server's one Prisma client (kept on globalThis across hot reloads). */
export function db(): Db {
  g.sentinelDb ??= createDb(serverEnv().DATABASE_URL, {
    onPoolError: (err) => logger.warn({ component: 'db', err: err.message }, 'idle database connection lost'),
  }).db;
  return g.sentinelDb;
}
