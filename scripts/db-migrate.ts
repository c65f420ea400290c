import 'dotenv/config';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createMigration, deployMigrations } from '@/adapters/db/migrations';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { freePort } from './lib/free-port';
import { databaseUrlFromEnvOrLocal } from './lib/local-database-url';

// npm run db:migrate -- create NAME   writes prisma/migrations/<ts>_NAME from the schema change
// npm run db:migrate -- deploy        applies pending migrations to DATABASE_URL
const [cmd, name] = process.argv.slice(2);

if (cmd === 'create' && name) {
  // the schema engine diffs two schema files but needs a connection to start: any server will do
  let url = databaseUrlFromEnvOrLocal();
  let stop = async () => undefined as void;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-migrate-'));
    fs.chmodSync(dir, 0o755);
    const pg = await startEmbeddedPostgres({ stateDir: dir, port: await freePort() });
    url = pg.adminUrl;
    stop = async () => { await pg.stop(); fs.rmSync(dir, { recursive: true, force: true }); };
  }
  try {
    const folder = await createMigration(url, name, new Date());
    process.stdout.write(folder ? `created prisma/migrations/${folder}\n` : 'schema unchanged: no migration created\n');
  } finally {
    await stop();
  }
} else if (cmd === 'deploy') {
  const url = databaseUrlFromEnvOrLocal();
  if (!url) {
    process.stderr.write('DATABASE_URL is not set: point it at the PostgreSQL server to migrate (npm start migrates its embedded one itself)\n');
    process.exit(2);
  }
  const applied = await deployMigrations(url);
  process.stdout.write(applied.length ? `applied ${applied.join(', ')}\n` : 'database is up to date\n');
} else {
  process.stderr.write('usage: npm run db:migrate -- create NAME | deploy\n');
  process.exit(2);
}
