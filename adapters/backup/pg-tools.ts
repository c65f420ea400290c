import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Debian's PostgreSQL 15 client (package postgresql-client-15): the embedded server and
 * CI run PostgreSQL 15, and pg_dump refuses a server newer than itself. The versioned
 * folder comes first: /usr/bin/pg_dump is Debian's wrapper, which picks the newest
 * client installed.
 */
export const PG_CLIENT_PACKAGE = 'postgresql-client-15';
const VERSIONED_BIN = '/usr/lib/postgresql/15/bin';

export interface PgTools { pgDump: string; pgRestore: string }

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const file = path.join(dir || '.', name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch { /* not in this folder: try the next */ }
  }
  return undefined;
}

/** pg_dump and pg_restore, from the PostgreSQL 15 folder or else PATH; undefined when either is missing. */
export function findPgTools(): PgTools | undefined {
  const versioned = (name: string) => {
    const file = path.join(VERSIONED_BIN, name);
    return fs.existsSync(file) ? file : undefined;
  };
  const pgDump = versioned('pg_dump') ?? onPath('pg_dump');
  const pgRestore = versioned('pg_restore') ?? onPath('pg_restore');
  return pgDump && pgRestore ? { pgDump, pgRestore } : undefined;
}

export class PgToolsMissingError extends Error {
  constructor() {
    super(`pg_dump/pg_restore not found (${VERSIONED_BIN} or PATH): install Debian's PostgreSQL 15 client: `
      + `sudo apt-get install -y ${PG_CLIENT_PACKAGE} (npm run backup does this itself when run as root)`);
    this.name = 'PgToolsMissingError';
  }
}

export function requirePgTools(): PgTools {
  const tools = findPgTools();
  if (!tools) throw new PgToolsMissingError();
  return tools;
}

/**
 * A libpq connection for the client tools: the URL without its password (command lines
 * show in `ps`), the password in PGPASSWORD. Prisma's own URL parameters, which libpq
 * refuses as unknown, are dropped.
 */
export function libpqConnection(databaseUrl: string): { dbname: string; env: Record<string, string> } {
  const u = new URL(databaseUrl);
  const password = decodeURIComponent(u.password);
  u.password = '';
  for (const prismaOnly of ['schema', 'connection_limit', 'pool_timeout', 'socket_timeout', 'pgbouncer', 'statement_cache_size']) u.searchParams.delete(prismaOnly);
  return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export interface ToolRun { code: number | null; signal: NodeJS.Signals | null; stderr: string; stdout: string }

/**
 * Run a client tool asynchronously (the worker's event loop keeps trading meanwhile).
 * `stdoutFd` sends its output to an open file instead of memory; an abort signal kills it.
 */
export function runPgTool(bin: string, args: string[], o: { env?: Record<string, string>; stdoutFd?: number; signal?: AbortSignal } = {}): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      env: { ...process.env, ...o.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', o.stdoutFd ?? 'pipe', 'pipe'],
      signal: o.signal,
    });
    let stderr = '';
    let stdout = '';
    child.stdout?.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr!.on('data', (c: Buffer) => { stderr = (stderr + c.toString()).slice(-20_000); });
    child.once('error', (e) => {
      if ((e as NodeJS.ErrnoException).code === 'ABORT_ERR') return; // 'exit' follows with the signal
      reject(e);
    });
    child.once('close', (code, signal) => resolve({ code, signal, stderr: stderr.trim(), stdout }));
  });
}

/** A tool's failure as one line: its last error lines, else the exit status. */
export function toolFailure(name: string, r: ToolRun): string {
  const lines = r.stderr.split('\n').filter((l) => l.trim()).slice(-5).join(' | ');
  return `${name} ${r.signal ? `was stopped (${r.signal})` : `exited with code ${r.code}`}${lines ? `: ${lines}` : ''}`;
}
