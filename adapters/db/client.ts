import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';
import { timedAdapter, type StatementObserver } from './timed-adapter';

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * Prisma over our own pg.Pool: the pool's 'error' handler keeps a PostgreSQL restart
 * from crashing the process through an idle client's error; the next query reconnects.
 * `onStatement` times every SQL statement (the worker's db_query metric).
 */
export function createDb(connectionString: string, opts: { max?: number; onPoolError?: (err: Error) => void; onStatement?: StatementObserver } = {}) {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, connectionTimeoutMillis: 5000 });
  pool.on('error', (err) => opts.onPoolError?.(err));
  const adapter = new PrismaPg(pool);
  const db = new PrismaClient({ adapter: opts.onStatement ? timedAdapter(adapter, opts.onStatement) : adapter });
  return {
    db,
    pool,
    async close() {
      await db.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}
