import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { RowCounts } from '@/domain/backup/backup-verification';
import { libpqConnection, requirePgTools, runPgTool, toolFailure } from './pg-tools';
import { countRows, urlForDatabase, withClient } from './row-counts';

/**
 * The tables a pg_dump custom-format archive holds, from its table of contents
 * (`pg_restore --list`); reading it also proves the file is such an archive.
 */
export async function listArchiveTables(file: string): Promise<string[]> {
  const r = await runPgTool(requirePgTools().pgRestore, ['--list', file]);
  if (r.code !== 0) throw new Error(`${file} is not a readable pg_dump archive: ${toolFailure('pg_restore', r)}`);
  // "215; 1259 16390 TABLE public Alert postgres"
  return r.stdout.split('\n').flatMap((l) => /^\d+; \d+ \d+ TABLE public (\S+) /.exec(l)?.[1] ?? []).sort();
}

/**
 * pg_restore into `databaseUrl`. With `isReplacing`, each object of the archive is dropped
 * first (--clean --if-exists) and the whole restore is one transaction: it lands entirely
 * or not at all. Objects take the restoring role as owner (--no-owner), so a dump restores
 * under another role or on another server.
 */
export async function restoreArchive(databaseUrl: string, file: string, o: { isReplacing: boolean; signal?: AbortSignal }) {
  const { dbname, env } = libpqConnection(databaseUrl);
  const args = ['--no-owner', '--exit-on-error', '--no-password', ...(o.isReplacing ? ['--clean', '--if-exists', '--single-transaction'] : []), `--dbname=${dbname}`, file];
  const r = await runPgTool(requirePgTools().pgRestore, args, { env, signal: o.signal });
  if (r.code !== 0) throw new Error(toolFailure('pg_restore', r));
}

export function scratchDatabaseName(): string {
  return `sentinel_verify_${randomBytes(6).toString('hex')}`;
}

async function onAdminDatabase<T>(databaseUrl: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withClient(urlForDatabase(databaseUrl, 'postgres'), fn);
}

export async function dropScratchDatabase(databaseUrl: string, name: string) {
  await onAdminDatabase(databaseUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
}

/**
 * Restore `file` into a new database `name` on the server of `databaseUrl`, count its rows
 * per table, and drop it again whatever happened.
 */
export async function restoreIntoScratch(databaseUrl: string, file: string, name: string, signal?: AbortSignal): Promise<RowCounts> {
  await onAdminDatabase(databaseUrl, (c) => c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`)).catch((e: Error & { code?: string }) => {
    throw new Error(e.code === '42501'
      ? `cannot create the scratch database ${name}: the DATABASE_URL role lacks CREATEDB, which the restore check needs (ALTER ROLE … CREATEDB)`
      : `cannot create the scratch database ${name}: ${e.message}`);
  });
  try {
    const scratchUrl = urlForDatabase(databaseUrl, name);
    await restoreArchive(scratchUrl, file, { isReplacing: false, signal });
    return await withClient(scratchUrl, countRows);
  } finally {
    await dropScratchDatabase(databaseUrl, name);
  }
}
