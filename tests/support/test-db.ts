import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDb, type Db } from '@/adapters/db/client';
import { urlWithDb } from './test-postgres';

export interface TestDb { name: string; url: string; db: Db; drop(): Promise<void> }

function adminUrl(): { adminUrl: string; template: string } {
  const adminUrl = process.env.SENTINEL_TEST_PG_URL;
  const template = process.env.SENTINEL_TEST_TEMPLATE;
  if (!adminUrl || !template) throw new Error('integration tests need SENTINEL_TEST_PG_URL and SENTINEL_TEST_TEMPLATE (set by the vitest global setup)');
  return { adminUrl, template };
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl().adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A database of its own for one test file, copied from the migrated template. */
export async function createTestDb(label: string, opts: { isEmpty?: boolean } = {}): Promise<TestDb> {
  const { adminUrl: base, template } = adminUrl();
  const name = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase().slice(0, 30)}_${randomBytes(4).toString('hex')}`;
  await admin(async (c) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${opts.isEmpty ? '' : ` TEMPLATE ${pg.escapeIdentifier(template)}`}`);
        return;
      } catch (e) {
        // two copies of one template at the same instant: "source database is being accessed by other users"
        if (attempt >= 20 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  });
  const url = urlWithDb(base, name);
  const { db, close } = createDb(url, { max: 5 });
  return {
    name, url, db,
    async drop() {
      await close();
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
    },
  };
}
