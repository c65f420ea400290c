import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { deployMigrations, listMigrations, MIGRATIONS_DIR } from '@/adapters/db/migrations';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/scripts/lib/embedded-postgres';
import { freePort } from '@/scripts/lib/free-port';

/**
 * The PostgreSQL server the tests use, and a migrated template database that every
 * test database is copied from (CREATE DATABASE … TEMPLATE: ~50 ms instead of
 * migrating each time). SENTINEL_TEST_PG_URL picks an existing server (superuser URL
 * of its `postgres` database); otherwise an embedded PostgreSQL 15 starts in
 * a temporary folder on a free port. `npm test` provisions once and passes both along.
 */
export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface TestPostgres { adminUrl: string; template: string; embedded?: EmbeddedPostgres }

export { freePort };

export async function canConnect(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    await c.end().catch(() => undefined);
    return false;
  }
}

export function urlWithDb(adminUrl: string, db: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Template name from the migrations' content, so a schema change gets a fresh template. */
function templateName(): string {
  const h = createHash('sha256');
  for (const m of listMigrations()) h.update(m).update(fs.readFileSync(path.join(MIGRATIONS_DIR, m, 'migration.sql')));
  return `sentinel_tpl_${h.digest('hex').slice(0, 12)}`;
}

export async function ensureTemplate(adminUrl: string): Promise<string> {
  const name = templateName();
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) return name;
    const building = `${name}_building_${process.pid}`;
    await c.query(`CREATE DATABASE ${pg.escapeIdentifier(building)}`);
    await deployMigrations(urlWithDb(adminUrl, building));
    await c.query(`ALTER DATABASE ${pg.escapeIdentifier(building)} RENAME TO ${pg.escapeIdentifier(name)}`).catch(async (e) => {
      // another process built it first
      await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(building)}`);
      if (!/already exists/.test((e as Error).message)) throw e;
    });
    return name;
  } finally {
    await c.end();
  }
}

export async function provisionTestPostgres(log: (s: string) => void = () => undefined): Promise<TestPostgres> {
  const given = process.env.SENTINEL_TEST_PG_URL;
  if (given) {
    if (!(await canConnect(given))) throw new Error(`SENTINEL_TEST_PG_URL does not answer: ${new URL(given).host}`);
    return { adminUrl: given, template: process.env.SENTINEL_TEST_TEMPLATE ?? (await ensureTemplate(given)) };
  }
  const port = await freePort();
  // a folder of its own per run, so concurrent test runs never share a server
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-test-pg-'));
  fs.chmodSync(stateDir, 0o755);
  log(`starting embedded PostgreSQL 15 for tests on 127.0.0.1:${port} (${stateDir})`);
  const server = await startEmbeddedPostgres({ stateDir, name: 'pgdata', port });
  const embedded = { ...server, stop: async () => { await server.stop(); fs.rmSync(stateDir, { recursive: true, force: true }); } };
  return { adminUrl: embedded.adminUrl, template: await ensureTemplate(embedded.adminUrl), embedded };
}
