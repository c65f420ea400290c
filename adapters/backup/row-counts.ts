import pg from 'pg';
import type { RowCounts } from '@/domain/backup/backup-verification';

/** Every table of the public schema (the migrations' _prisma_migrations included), by name. */
export async function listPublicTables(c: pg.ClientBase): Promise<string[]> {
  const r = await c.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return r.rows.map((x) => x.tablename);
}

/** Exact rows per table of the public schema, in one statement (so in one snapshot even outside a transaction). */
export async function countRows(c: pg.ClientBase): Promise<RowCounts> {
  const tables = await listPublicTables(c);
  if (!tables.length) return {};
  const sql = tables.map((t) => `SELECT ${pg.escapeLiteral(t)} AS t, count(*) AS n FROM public.${pg.escapeIdentifier(t)}`).join(' UNION ALL ');
  const r = await c.query<{ t: string; n: string }>(sql);
  return Object.fromEntries(r.rows.map((x) => [x.t, Number(x.n)]));
}

export async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  // a dropped connection errors the query in flight; without a listener it would also crash the process
  c.on('error', () => undefined);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** The URL of another database on the same server, with the same credentials. */
export function urlForDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}
