import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { createUser } from '@/server/services/users';
import { ensureBuild } from '@/scripts/lib/build';
import { createTestDb, type TestDb } from '../../support/test-db';
import { freePort, provisionTestPostgres, type TestPostgres } from '../../support/test-postgres';
import { E2E_METRICS_TOKEN, RESULTS_DIR, ROOT, STATE_FILE, USERS, readState, type E2eState } from './e2e-env';

/**
 * The whole product for the end-to-end tests: PostgreSQL (embedded unless
 * SENTINEL_TEST_PG_URL is set), one fresh database copied from the migrated template,
 * the paper account and three users, the worker (`tsx worker/main.ts`) and the
 * production dashboard (`next start`) on free ports. Both children run in their own
 * process group, their output goes to .sentinel/test-results/e2e-{web,worker}.log.
 */
interface Running {
  pg?: TestPostgres;
  testDb?: TestDb;
  web?: ChildProcess;
  worker?: ChildProcess;
}

const KEY = Symbol.for('sentinel.e2e.stack');
type WithStack = typeof globalThis & { [KEY]?: Running };
const say = (s: string) => process.stdout.write(`[e2e] ${s}\n`);

function running(): Running {
  const g = globalThis as WithStack;
  return (g[KEY] ??= {});
}

function hasHandles(): boolean {
  return (globalThis as WithStack)[KEY] !== undefined;
}

/** Whether `pid` is still the process we started (pids get reused), judged by its command line. */
function isOurs(pid: number | undefined, marker: string): pid is number {
  if (!pid) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
  } catch {
    return false;
  }
}

const WEB_LOG = path.join(RESULTS_DIR, 'e2e-web.log');
const WORKER_LOG = path.join(RESULTS_DIR, 'e2e-worker.log');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);

function startChild(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, logFile: string): ChildProcess {
  const fd = fs.openSync(logFile, 'w');
  // detached: own process group, so the teardown stops the child and anything it spawned
  const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', fd, fd] });
  fs.closeSync(fd);
  child.once('exit', (code, signal) => {
    if (!isStopping) say(`${name} exited unexpectedly (code ${code}, signal ${signal}); see ${path.relative(ROOT, logFile)}`);
  });
  return child;
}

function logTail(file: string, chars = 3000): string {
  try {
    return fs.readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '(no log)';
  }
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, guards: [ChildProcess, string][]) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const [child, log] of guards) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${what}: the process exited (code ${child.exitCode}, signal ${child.signalCode}). Log tail:\n${logTail(log)}`);
      }
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      throw new Error(`${what}: not ready within ${timeoutMs / 1000} s. Log tails:\n${guards.map(([, l]) => `--- ${l}\n${logTail(l)}`).join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

let isStopping = false;

export async function startStack(): Promise<E2eState> {
  const startedAt = Date.now();
  const r = running();
  isStopping = false;
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  if (readState()) say(`note: ${path.relative(ROOT, STATE_FILE)} from an earlier run that did not finish is replaced`);
  fs.rmSync(STATE_FILE, { force: true });

  const secrets = {
    AUTH_SECRET: randomBytes(32).toString('base64'),
    SENTINEL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    METRICS_TOKEN: E2E_METRICS_TOKEN,
  };

  r.pg = await provisionTestPostgres(say);
  process.env.SENTINEL_TEST_PG_URL = r.pg.adminUrl;
  process.env.SENTINEL_TEST_TEMPLATE = r.pg.template;

  r.testDb = await createTestDb('e2e');
  const now = new Date();
  const { account } = await ensureBaseData(r.testDb.db, { now, capitalAllocationCap: 1 });
  for (const u of Object.values(USERS)) {
    await createUser(r.testDb.db, { id: null, label: 'e2e-setup' }, { email: u.email, role: u.role, password: u.password }, now);
  }

  const webPort = await freePort();
  const baseURL = `http://127.0.0.1:${webPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...secrets,
    DATABASE_URL: r.testDb.url,
    TRADING_MODE: 'paper',
    EXCHANGE_SANDBOX: 'true',
    LLM_ENABLED: 'false',
    CAPITAL_ALLOCATION: '1',
    HEARTBEAT_INTERVAL_MS: '500',
    COMMAND_POLL_INTERVAL_MS: '1000',
    WORKER_ID: 'e2e-worker',
    // paper trading on replayed candles, ten candle hours a second: trades appear within the run
    REPLAY_SPEED: '36000',
    // no scheduled pg_dump of the e2e database into the project's .sentinel/backups
    BACKUP_INTERVAL_DAYS: '0',
    LOG_LEVEL: 'info',
    NEXT_TELEMETRY_DISABLED: '1',
    // the allow-list on for the whole suite: every page and API call must still pass through it
    DASHBOARD_IP_ALLOWLIST: '127.0.0.1/32,::1/128',
  };
  delete env.PORT;

  // the same build step as npm start and npm test: skipped when the build matches the tree
  ensureBuild(ROOT, path.join(ROOT, '.sentinel'), say, env);

  r.worker = startChild('worker', process.execPath, ['--import', 'tsx', 'worker/main.ts'], env, WORKER_LOG);
  r.web = startChild('dashboard', bin('next'), ['start', '-p', String(webPort), '-H', '127.0.0.1'], { ...env, NODE_ENV: 'production' }, WEB_LOG);

  const state: E2eState = {
    baseURL,
    databaseUrl: r.testDb.url,
    databaseName: r.testDb.name,
    adminUrl: r.pg.adminUrl,
    accountId: account.id,
    webPid: r.web.pid,
    workerPid: r.worker.pid,
    embeddedDataDir: r.pg.embedded?.dataDir,
  };
  fs.writeFileSync(STATE_FILE, JSON.stringify(state, null, 2) + '\n', { mode: 0o600 });

  const db = r.testDb.db;
  await Promise.all([
    waitFor('dashboard /login', 90_000, async () => (await fetch(`${baseURL}/login`)).status === 200, [[r.web, WEB_LOG]]),
    waitFor('worker heartbeat', 60_000, async () => (await db.workerHeartbeat.count({ where: { workerId: 'e2e-worker' } })) > 0, [[r.worker, WORKER_LOG]]),
  ]);

  process.env.SENTINEL_E2E_BASE_URL = baseURL;
  process.env.SENTINEL_E2E_DATABASE_URL = r.testDb.url;
  process.env.SENTINEL_E2E_ACCOUNT_ID = account.id;
  say(`stack ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: dashboard ${baseURL}, database ${r.testDb.name}`);
  return state;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM the process group, SIGKILL after `graceMs`; resolves when the leader is gone. */
async function stopGroup(pid: number | undefined, graceMs = 10_000) {
  if (!pid || !isAlive(pid)) return;
  const signal = (s: NodeJS.Signals) => { try { process.kill(-pid, s); } catch { try { process.kill(pid, s); } catch { /* gone */ } } };
  signal('SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) signal('SIGKILL');
  // the group may outlive its leader for a moment
  signal('SIGKILL');
}

async function dropDatabase(adminUrl: string, name: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** Stop the embedded server of a run whose handle is lost: SIGINT to the postmaster (fast shutdown). */
async function stopPostmaster(dataDir: string) {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return;
  }
  if (!isOurs(pid, dataDir) || !isAlive(pid)) return;
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 15_000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
}

/**
 * Stop everything startStack started, in the same process (handles) or, when the
 * handles are gone, from the state file. Safe to call twice.
 */
export async function stopStack() {
  isStopping = true;
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (e) {
      problems.push(`${what}: ${(e as Error).message}`);
    }
  };

  if (hasHandles()) {
    const r = running();
    await Promise.all([
      attempt('stop worker', () => stopGroup(r.worker?.pid)),
      attempt('stop dashboard', () => stopGroup(r.web?.pid)),
    ]);
    r.worker = r.web = undefined;
    const testDb = r.testDb;
    if (testDb) await attempt('drop database', () => testDb.drop());
    r.testDb = undefined;
    const embedded = r.pg?.embedded;
    if (embedded) await attempt('stop PostgreSQL', () => embedded.stop());
    r.pg = undefined;
  } else {
    // another process than the setup's: only what the state file names, and only if still ours
    const state = readState();
    if (state) {
      if (isOurs(state.workerPid, 'worker/main.ts')) await attempt('stop worker', () => stopGroup(state.workerPid));
      if (isOurs(state.webPid, 'next')) await attempt('stop dashboard', () => stopGroup(state.webPid));
      await attempt('drop database', () => dropDatabase(state.adminUrl, state.databaseName));
      const dir = state.embeddedDataDir;
      if (dir) await attempt('stop PostgreSQL', () => stopPostmaster(dir));
    }
  }
  fs.rmSync(STATE_FILE, { force: true });
  if (problems.length) say(`teardown problems:\n  ${problems.join('\n  ')}`);
}

/** Last resort if the runner dies without a teardown: kill the children's groups. */
export function killChildrenOnExit() {
  process.once('exit', () => {
    const r = running();
    for (const c of [r.worker, r.web]) {
      if (c?.pid && c.exitCode === null) {
        try { process.kill(-c.pid, 'SIGKILL'); } catch { /* gone */ }
      }
    }
  });
}
