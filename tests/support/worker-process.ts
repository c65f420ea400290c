import { spawn, type ChildProcess } from 'node:child_process';
import type { Db } from '@/adapters/db/client';
import { ROOT } from './test-postgres';

export interface WorkerProcess { child: ChildProcess; workerId: string; output(): string; stop(): Promise<number | null> }

/** A real worker process (tsx worker/main.ts) against the given database. */
export function startWorker(databaseUrl: string, env: Record<string, string> = {}): WorkerProcess {
  const workerId = `test-worker-${Math.random().toString(36).slice(2, 8)}`;
  let out = '';
  // node --import tsx, as npm start runs it: the tsx CLI SIGKILLs a worker whose loop is busy for 60 ms when relaying SIGTERM
  const child = spawn(process.execPath, ['--import', 'tsx', 'worker/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env, DATABASE_URL: databaseUrl, WORKER_ID: workerId, TRADING_MODE: 'paper', LOG_LEVEL: 'info',
      HEARTBEAT_INTERVAL_MS: '300', COMMAND_POLL_INTERVAL_MS: '60000',
      // no scheduled pg_dump of a test database into the project's .sentinel/backups (the backup tests run it themselves)
      BACKUP_INTERVAL_DAYS: '0',
      // trading only: a test that wants backtest sweep jobs run asks for the research role
      WORKER_ROLES: 'trading', ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => { out += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
  return {
    child, workerId, output: () => out,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    }),
  };
}

/** SIGKILL the worker (the spawned node process itself): no shutdown code runs, its leases are left to expire. Resolves once it has exited. */
export function killWorker(w: WorkerProcess) {
  w.child.kill('SIGKILL');
  return new Promise((r) => { if (w.child.exitCode !== null || w.child.signalCode !== null) r(null); else w.child.once('exit', r); });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 20_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastErr: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      lastErr = e;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? `: ${(lastErr as Error).message}` : ''}`);
}

export function waitForHeartbeat(db: Db, workerId: string, after = new Date(0)) {
  return waitFor(`heartbeat of ${workerId}`, () => db.workerHeartbeat.findFirst({ where: { workerId, lastBeatAt: { gt: after }, isStopping: false } }));
}
