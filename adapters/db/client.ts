import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '@/generated/prisma/client';

export type Db = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

/**
 * Prisma over our own pg.Pool: the pool's 'error' handler keeps a PostgreSQL restart
 * from crashing the process through an idle client's error; the next query reconnects.
 */
export function createDb(connectionString: string, opts: { max?: number; onPoolError?: (err: Error) => void } = {}) {
  const pool = new pg.Pool({ connectionString, max: opts.max ?? 10, connectionTimeoutMillis: 5000 });
  pool.on('error', (err) => opts.onPoolError?.(err));
  const db = new PrismaClient({ adapter: new PrismaPg(pool) });
  return {
    db,
    pool,
    async close() {
      await db.$disconnect();
      await pool.end().catch(() => undefined);
    },
  };
}
