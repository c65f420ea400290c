import 'dotenv/config';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listArchiveTables, restoreArchive, restoreIntoScratch, scratchDatabaseName } from '@/adapters/backup/restore-archive';
import { createDatabase, inspectRestoreTarget } from '@/adapters/backup/restore-target';
import { countRows, databaseName, withClient } from '@/adapters/backup/row-counts';
import { envFields, parseEnv } from '@/adapters/config/env';
import type { RowCounts } from '@/domain/backup/backup-verification';
import { AppError } from '@/server/errors';
import { parseCliArgs, runCli } from './lib/cli';
import { databaseUrlFromEnvOrLocal } from './lib/local-database-url';
import { ensurePgClient } from './lib/pg-client';

const USAGE = `usage:
  npm run restore -- FILE [--into DATABASE_URL] [--yes]
  npm run restore -- FILE --check
FILE is a backup (a path, or a file name in BACKUP_DIR). It is restored into DATABASE_URL
(or the embedded server while npm start runs), or into the database of --into, created
when missing; each object of the backup is dropped and recreated, in one transaction.
A database that holds rows is replaced only with --yes. --check restores into a scratch
database on the same server instead, counts its rows and drops it: nothing is touched.`;
const ROOT = path.resolve(import.meta.dirname, '..');
const say = (s: string) => process.stdout.write(`${s}\n`);

function resolveFile(arg: string, backupDir: string): string {
  // npm runs scripts from the project root; INIT_CWD is where the command was typed
  const candidates = [path.resolve(process.env.INIT_CWD ?? process.cwd(), arg), path.resolve(ROOT, backupDir, arg)];
  const found = candidates.find((f) => fs.existsSync(f) && fs.statSync(f).isFile());
  if (!found) throw new AppError('NOT_FOUND', `no backup file ${arg} (looked at ${candidates.join(' and ')})`);
  return found;
}

function printCounts(counts: RowCounts, archiveTables: string[]) {
  const width = Math.max(...Object.keys(counts).map((t) => t.length), 5);
  for (const [table, n] of Object.entries(counts)) say(`  ${table.padEnd(width)}  ${String(n).padStart(10)}${archiveTables.includes(table) ? '' : '  (not in the backup: left as it was)'}`);
  say(`  ${'total'.padEnd(width)}  ${String(Object.values(counts).reduce((a, b) => a + b, 0)).padStart(10)}`);
}

async function main() {
  const { positionals, values } = parseCliArgs(() => parseArgs({ allowPositionals: true,
    options: { into: { type: 'string' }, yes: { type: 'boolean' }, check: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } }), USAGE);
  if (values.help || positionals.length !== 1) {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const env = parseEnv({ DATABASE_URL: envFields.DATABASE_URL, BACKUP_DIR: envFields.BACKUP_DIR }, { ...process.env, DATABASE_URL: values.into ?? databaseUrlFromEnvOrLocal() });
  const target = env.DATABASE_URL;
  const file = resolveFile(positionals[0]!, env.BACKUP_DIR);
  ensurePgClient(say);
  const archiveTables = await listArchiveTables(file).catch((e: Error) => { throw new AppError('BAD_REQUEST', e.message); });
  if (values.check) {
    const scratch = scratchDatabaseName();
    say(`restoring ${file} into the scratch database ${scratch} (dropped afterwards)…`);
    const counts = await restoreIntoScratch(target, file, scratch);
    say(`restored ${Object.keys(counts).length} tables; rows per table:`);
    return printCounts(counts, archiveTables);
  }
  const before = await inspectRestoreTarget(target, new Date());
  const name = databaseName(target);
  if (!before.isExisting) {
    say(`creating database ${name}`);
    await createDatabase(target);
  } else if (before.totalRows > 0 && !values.yes) {
    say(`database ${name} holds ${before.totalRows} rows in ${Object.keys(before.rowCounts).length} tables: the restore replaces them with the backup's.`
      + `${before.liveWorkers.length ? `\nworkers running against it: ${before.liveWorkers.join(', ')}; stop them (npm start: Ctrl-C) before restoring.` : ''}`
      + '\nrun again with --yes to go ahead (nothing was changed)');
    process.exitCode = 2;
    return;
  }
  say(`restoring ${file} into ${name} (${archiveTables.length} tables, one transaction)…`);
  await restoreArchive(target, file, { isReplacing: true });
  say('restored; rows per table:');
  printCounts(await withClient(target, countRows), archiveTables);
  if (before.liveWorkers.length) say(`workers ${before.liveWorkers.join(', ')} were running: restart them (or npm start) now, they still hold the state from before the restore`);
}

runCli(main);
