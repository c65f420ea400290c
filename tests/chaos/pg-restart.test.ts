import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@/adapters/db/client';
import { deployMigrations } from '@/adapters/db/migrations';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { setSafeMode } from '@/server/services/control/set-safe-mode';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '@/scripts/lib/embedded-postgres';
import { freePort } from '../support/test-postgres';
import { startWorker, waitFor, waitForHeartbeat, type WorkerProcess } from '../support/worker-process';

/**
 * A PostgreSQL restart during the round trip, on a private instance with its own
 * port and data folder, so restarting it cannot disturb suites running in parallel.
 */
describe('safe mode survives a PostgreSQL restart', () => {
  let server: EmbeddedPostgres;
  let stateDir: string;
  let url: string;
  let worker: WorkerProcess;

  beforeAll(async () => {
    stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-pgrestart-'));
    fs.chmodSync(stateDir, 0o755);
    server = await startEmbeddedPostgres({ stateDir, port: await freePort(), name: 'pgdata' });
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    await c.query('CREATE DATABASE restart_test');
    await c.end();
    url = server.urlFor('restart_test');
    await deployMigrations(url);
  }, 120_000);

  /** A time-out names what the worker was doing: its last log lines ride along in the error. */
  const withWorkerLog = async <T>(p: Promise<T>): Promise<T> => {
    try { return await p; } catch (e) { throw new Error(`${(e as Error).message}\n--- worker log (tail) ---\n${worker.output().slice(-4000)}`, { cause: e }); }
  };

  afterAll(async () => {
    await worker?.stop();
    await server?.stop();
    fs.rmSync(stateDir, { recursive: true, force: true });
  });

  it('the worker reconnects LISTEN and applies a command sent after the restart; heartbeats resume', { timeout: 150_000 }, async () => {
    const { db, close } = createDb(url, { max: 3, onPoolError: () => undefined });
    try {
      const { account } = await ensureBaseData(db, { now: new Date(), capitalAllocationCap: 1 });
      worker = startWorker(url);
      await waitForHeartbeat(db, worker.workerId);

      await server.restart();
      const restartedAt = new Date();

      // the web side writes the command as soon as the database is back
      const cmd = await waitFor('database back for writes', async () =>
        setSafeMode(db, { id: null, label: 'test' }, { accountId: account.id, isOn: true, isCloseAll: false }, new Date()), 30_000, 200);
      // 60 s: under a loaded CI machine a transaction caught by the restart can hold its pool client until it times out
      const applied = await withWorkerLog(waitFor('command applied after restart', async () => {
        const c = await db.controlCommand.findUnique({ where: { id: cmd.id } });
        return c?.status === 'APPLIED' ? c : null;
      }, 60_000, 100));
      expect(applied.appliedBy).toBe(worker.workerId);
      expect((await db.riskState.findUniqueOrThrow({ where: { accountId: account.id } })).isSafeMode).toBe(true);
      await waitForHeartbeat(db, worker.workerId, restartedAt);
      expect(worker.child.exitCode).toBeNull();
    } finally {
      await close();
    }
  });

  it('a command written while the worker is cut off during the restart is applied once it is back', { timeout: 150_000 }, async () => {
    const { db, close } = createDb(url, { max: 3, onPoolError: () => undefined });
    try {
      const account = await db.tradingAccount.findFirstOrThrow();
      await server.stop();
      await new Promise((r) => setTimeout(r, 1500)); // the worker's LISTEN connection is gone and it is retrying
      await server.restart();
      // written right after the server returns: the worker may not be LISTENing yet; its reconnect pass picks it up
      const cmd = await waitFor('database back', async () =>
        setSafeMode(db, { id: null, label: 'test' }, { accountId: account.id, isOn: false, isCloseAll: false }, new Date()), 30_000, 100);
      await withWorkerLog(waitFor('applied', async () => (await db.controlCommand.findUnique({ where: { id: cmd.id } }))?.status === 'APPLIED', 60_000, 100));
      expect((await db.riskState.findUniqueOrThrow({ where: { accountId: account.id } })).isSafeMode).toBe(false);
    } finally {
      await close();
    }
  });
});
