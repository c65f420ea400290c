import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb } from '@/adapters/db/client';
import { startFleet, waitTakeover } from '@/tools/chaos/multi-worker';
import { provisionTestPostgres, urlWithDb } from '@/tests/support/test-postgres';
import { killWorker, waitFor } from '@/tests/support/worker-process';
import type { BenchCase } from './index';

/**
 * L1 (issue 11): lease takeover after a SIGKILL. Two live worker processes on the exchange
 * emulator share three accounts with the default lease settings (TTL 6 s, renewed every
 * 2 s); the one holding more is killed, and the clock runs until every one of its accounts is
 * validly leased by the survivor (takeover), then until each has had a clean live pass on the
 * survivor: reconciled with the exchange, trading again. The control is a clean hand-over:
 * the same worker stopped with SIGTERM releases its leases, so the survivor need not wait
 * for their expiry.
 */
export interface TakeoverBench { ttlMs: number; renewMs: number; accountsMoved: number; takeoverMs: number; tradingAgainMs: number; cleanHandOverMs: number }

const TTL_MS = 6000;
const RENEW_MS = 2000;

async function once(url: string, db: ReturnType<typeof createDb>['db']): Promise<Omit<TakeoverBench, 'ttlMs' | 'renewMs' | 'cleanHandOverMs'> & { cleanHandOverMs?: number }> {
  const fleet = await startFleet(db, url, { accounts: 3, leaseTtlMs: TTL_MS, leaseRenewMs: RENEW_MS, logLevel: 'warn' });
  try {
    const workers = [fleet.addWorker(), fleet.addWorker()];
    await waitFor('three accounts shared by two workers', async () => { const by = await fleet.holdings(); return [...by.values()].flat().length === 3 && by.size === 2; }, 120_000, 50);
    await fleet.settled(new Date(0), 120_000);
    const by = await fleet.holdings();
    const victim = workers.sort((a, b) => (by.get(b.workerId)?.length ?? 0) - (by.get(a.workerId)?.length ?? 0))[0]!;
    const moved = by.get(victim.workerId)!;
    const killedWall = new Date();
    const t0 = performance.now();
    await killWorker(victim);
    const takeoverMs = await waitTakeover(fleet, victim.workerId, moved, t0);
    await waitFor('a clean pass of every moved account', async () => {
      const rows = await db.liveSync.findMany({ where: { accountId: { in: moved } } });
      return rows.every((s) => s.lastCleanPassAt && s.lastCleanPassAt > killedWall);
    }, 60_000, 25);
    const tradingAgainMs = performance.now() - t0;
    return { accountsMoved: moved.length, takeoverMs, tradingAgainMs };
  } finally {
    await fleet.close();
  }
}

/** The control: SIGTERM, whose shutdown stops the loops and releases the leases. */
async function cleanHandOver(url: string, db: ReturnType<typeof createDb>['db']): Promise<number> {
  const fleet = await startFleet(db, url, { accounts: 3, leaseTtlMs: TTL_MS, leaseRenewMs: RENEW_MS, logLevel: 'warn' });
  try {
    const a = fleet.addWorker();
    await waitFor('the first worker holding all three', async () => [...(await fleet.owners()).values()].filter((o) => o.ownerId === a.workerId).length === 3, 120_000, 50);
    const b = fleet.addWorker();
    await waitFor('the second worker a member', async () => (await db.workerLease.count({ where: { resource: `member:${b.workerId}`, releasedAt: null } })) === 1, 120_000, 50);
    const by = [...(await fleet.owners())].filter(([, o]) => o.ownerId === a.workerId).map(([acc]) => acc);
    const t0 = performance.now();
    a.child.kill('SIGTERM');
    return await waitTakeover(fleet, a.workerId, by, t0);
  } finally {
    await fleet.close();
  }
}

export async function runTakeoverBench(): Promise<TakeoverBench> {
  const server = await provisionTestPostgres();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  // each measurement on its own database: a fleet's accounts, orders and emulator start afresh
  const withDatabase = async <T>(label: string, fn: (url: string, db: ReturnType<typeof createDb>['db']) => Promise<T>): Promise<T> => {
    const name = `bench_takeover_${label}_${process.pid}`;
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(server.template)}`);
    const url = urlWithDb(server.adminUrl, name);
    const { db, close } = createDb(url, { max: 4 });
    try {
      return await fn(url, db);
    } finally {
      await close();
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    }
  };
  try {
    const r = await withDatabase('kill', once);
    const cleanHandOverMs = await withDatabase('term', cleanHandOver);
    return { ttlMs: TTL_MS, renewMs: RENEW_MS, ...r, cleanHandOverMs };
  } finally {
    await admin.end();
    await server.embedded?.stop();
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

export const leaseTakeoverCase: BenchCase<TakeoverBench> = {
  id: 'L1',
  script: new URL(import.meta.url).pathname,
  rows: (r) => [
    { case: `L1 lease takeover after SIGKILL: ${r.accountsMoved} live accounts move to the other worker (lease TTL ${s(r.ttlMs)}, renewed every ${s(r.renewMs)})`,
      value: s(r.takeoverMs), control: `${s(r.cleanHandOverMs)} (SIGTERM: leases released)`, ratio: (r.takeoverMs / r.cleanHandOverMs).toFixed(1), target: '< 10 s', met: r.takeoverMs < 10_000 ? 'yes' : 'NO' },
    { case: 'L1 … until each moved account has reconciled and passed cleanly on the survivor', value: s(r.tradingAgainMs), control: s(r.takeoverMs), ratio: (r.tradingAgainMs / r.takeoverMs).toFixed(2), target: '— (reported)', met: '—' },
  ],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runTakeoverBench();
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${leaseTakeoverCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control})`).join('\n')}\n`);
  process.exit(0);
}
