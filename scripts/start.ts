import 'dotenv/config';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { parseEnv, envFields, EnvError } from '@/adapters/config/env';
import { createDb } from '@/adapters/db/client';
import { deployMigrations } from '@/adapters/db/migrations';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { ensureAdmin } from '@/server/services/users';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './lib/embedded-postgres';
import { loadOrCreateLocalSecrets } from './lib/secrets';
import { ensureBuild, ensurePrismaClient } from './lib/build';
import { saveLocalDatabaseUrl } from './lib/local-database-url';

/**
 * `npm start`: the whole product on one machine with no configuration. Without
 * DATABASE_URL it runs an embedded PostgreSQL 15 with its data in .sentinel/; it
 * migrates, creates the paper account and (first run only) an admin, builds the
 * dashboard if needed, then runs `next start` and the worker in paper mode.
 * Ctrl-C stops all of it.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const STATE_DIR = path.join(ROOT, '.sentinel');
const say = (s: string) => process.stdout.write(`[sentinel] ${s}\n`);

async function ensureDatabase(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const r = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!r.rowCount) await c.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
  } finally {
    await c.end();
  }
}

async function main() {
  const startedAt = Date.now();
  let embedded: EmbeddedPostgres | undefined;
  // NEXT_TELEMETRY_DISABLED: nothing we run talks to hosts beyond the ones the operator configures
  // paper replay at an hour of candles per second, so trades show within minutes (REPLAY_SPEED=1 is real time)
  const env: NodeJS.ProcessEnv = { ...process.env, TRADING_MODE: process.env.TRADING_MODE || 'paper', REPLAY_SPEED: process.env.REPLAY_SPEED || '3600',
    NEXT_TELEMETRY_DISABLED: '1' };

  if (!env.DATABASE_URL) {
    const port = Number(env.SENTINEL_PG_PORT || 54329);
    say(`no DATABASE_URL: starting embedded PostgreSQL 15 on 127.0.0.1:${port} (data in .sentinel/pgdata)`);
    embedded = await startEmbeddedPostgres({ stateDir: STATE_DIR, port });
    await ensureDatabase(embedded.adminUrl, 'sentinel');
    env.DATABASE_URL = embedded.urlFor('sentinel');
    saveLocalDatabaseUrl(env.DATABASE_URL);
    const secrets = loadOrCreateLocalSecrets(STATE_DIR);
    env.AUTH_SECRET ||= secrets.AUTH_SECRET;
    env.SENTINEL_ENCRYPTION_KEY ||= secrets.SENTINEL_ENCRYPTION_KEY;
  } else {
    say('using the PostgreSQL server in DATABASE_URL (nothing embedded)');
  }

  const cfg = parseEnv({ DATABASE_URL: envFields.DATABASE_URL, CAPITAL_ALLOCATION: envFields.CAPITAL_ALLOCATION, PORT: envFields.PORT,
    AUTH_SECRET: envFields.AUTH_SECRET, SENTINEL_ENCRYPTION_KEY: envFields.SENTINEL_ENCRYPTION_KEY }, env);
  const applied = await deployMigrations(cfg.DATABASE_URL);
  say(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');

  const { db, close } = createDb(cfg.DATABASE_URL, { max: 2 });
  const now = new Date();
  await ensureBaseData(db, { now, capitalAllocationCap: cfg.CAPITAL_ALLOCATION });
  const admin = await ensureAdmin(db, now);
  await close();

  ensurePrismaClient(ROOT, say);
  ensureBuild(ROOT, STATE_DIR, say, env);

  const host = env.HOST || '127.0.0.1';
  const children: ChildProcess[] = [];
  const run = (name: string, cmd: string, args: string[]) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    children.push(child);
    child.once('exit', (code, signal) => {
      if (!isStopping) {
        say(`${name} exited unexpectedly (code ${code}, signal ${signal}); stopping everything`);
        void stop(1);
      }
    });
    return child;
  };
  let isStopping = false;
  const stop = async (code: number) => {
    if (isStopping) return;
    isStopping = true;
    say('stopping…');
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 10_000).unref();
    })));
    await embedded?.stop();
    if (embedded) fs.rmSync(path.join(STATE_DIR, 'database-url'), { force: true });
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  run('dashboard', path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(cfg.PORT), '-H', host]);
  // node with tsx as its loader, not the tsx CLI: the CLI relays a stop signal only if the worker's event loop answers within
  // 60 ms and SIGKILLs it otherwise, so a busy worker would die mid-shutdown instead of stopping cleanly
  run('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts']);

  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${cfg.PORT}`;
  await waitForHttp(`${url}/login`, 60_000);
  say(`dashboard ready at ${url}  (started in ${((Date.now() - startedAt) / 1000).toFixed(1)} s)`);
  say(`worker running in ${env.TRADING_MODE} mode${env.TRADING_MODE === 'paper' ? ` (replaying data/ at ${env.REPLAY_SPEED}× from ${process.env.REPLAY_START || '2025-01-01'})` : ''}`);
  if (admin) {
    say('first run: an administrator was created. The password is shown only this once; only its hash is stored.');
    say(`  e-mail:   ${admin.email}`);
    say(`  password: ${admin.password}`);
  }
  say('press Ctrl-C to stop');
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const r = await fetch(url);
      if (r.status < 500) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the dashboard did not answer at ${url} within ${timeoutMs / 1000} s`);
}

main().catch((e) => {
  process.stderr.write(e instanceof EnvError ? `sentinel: ${e.message}\n` : `sentinel failed to start: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
