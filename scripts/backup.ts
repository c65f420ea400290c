import 'dotenv/config';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runBackup } from '@/adapters/backup/pg-backup';
import { databaseName } from '@/adapters/backup/row-counts';
import { envFields, parseEnv } from '@/adapters/config/env';
import { createDb } from '@/adapters/db/client';
import { formatBytes } from '@/domain/backup/assess-latest-backup';
import { parseCliArgs, runCli } from './lib/cli';
import { databaseUrlFromEnvOrLocal } from './lib/local-database-url';
import { ensurePgClient } from './lib/pg-client';

const USAGE = `usage: npm run backup
Dumps the database (pg_dump custom format, PostgreSQL 15 client, installed when missing)
to BACKUP_DIR (default .sentinel/backups), restores it into a scratch database to check
every table's row count, and keeps the newest BACKUP_RETENTION backups (default 8).
Uses DATABASE_URL, or the embedded server while npm start runs.`;
const ROOT = path.resolve(import.meta.dirname, '..');
const say = (s: string) => process.stdout.write(`${s}\n`);

async function main() {
  const { values } = parseCliArgs(() => parseArgs({ options: { help: { type: 'boolean', short: 'h' } } }), USAGE);
  if (values.help) {
    say(USAGE);
    return;
  }
  const env = parseEnv({
    DATABASE_URL: envFields.DATABASE_URL, BACKUP_DIR: envFields.BACKUP_DIR, BACKUP_RETENTION: envFields.BACKUP_RETENTION,
    DAY_TIME_ZONE: envFields.DAY_TIME_ZONE, OPS_TIME_ZONE: envFields.OPS_TIME_ZONE,
  }, { ...process.env, DATABASE_URL: databaseUrlFromEnvOrLocal() });
  ensurePgClient(say);
  const directory = path.resolve(ROOT, env.BACKUP_DIR);
  const { db, close } = createDb(env.DATABASE_URL, { max: 2 });
  try {
    say(`backing up database ${databaseName(env.DATABASE_URL)} to ${directory}…`);
    const t0 = Date.now();
    const r = await runBackup(db, {
      databaseUrl: env.DATABASE_URL, directory, retention: env.BACKUP_RETENTION, kind: 'manual', createdBy: `cli:${process.env.USER ?? 'unknown'}`,
      opsTimeZone: env.OPS_TIME_ZONE ?? env.DAY_TIME_ZONE, now: () => new Date(),
    });
    if (r.status === 'busy' || r.status === 'not_due') {
      say('another backup is running (the worker\'s scheduled one, or another npm run backup): try again when it has finished');
      process.exitCode = 1;
      return;
    }
    if (r.status === 'FAILED') {
      say(`BACKUP FAILED: ${r.error}`);
      process.exitCode = 1;
      return;
    }
    const counts = Object.values(r.verification.restoredCounts);
    say(`written ${r.file} (${formatBytes(Number(r.backup.sizeBytes))}) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    if (r.verification.ok) {
      say(`restore check ok: ${counts.length} tables, ${counts.reduce((n, x) => n + x, 0)} rows restored into a scratch database, every count as dumped`);
    } else {
      say(`RESTORE CHECK FAILED: ${r.verification.error ?? r.verification.differences.map((d) => `${d.table}: ${d.dumped ?? 'missing'} dumped, ${d.restored ?? 'missing'} restored`).join('; ')}`);
      process.exitCode = 1;
    }
    if (r.pruned.length) say(`retention (newest ${env.BACKUP_RETENTION} kept): deleted ${r.pruned.join(', ')}`);
    for (const e of r.pruneErrors) say(`retention could not delete ${e}`);
  } finally {
    await close();
  }
}

runCli(main);
