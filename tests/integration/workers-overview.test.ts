import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type PgBoss from 'pg-boss';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { workersOverview } from '@/adapters/repo/workers';
import { readJobQueueDepth } from '@/adapters/repo/job-queue-depth';
import { accountResource, acquireLeases, COORDINATOR, ensureLeaseRows, memberResource, releaseLeases } from '@/adapters/repo/leases';
import { BACKTEST_DEAD_QUEUE, BACKTEST_QUEUE, startBoss } from '@/adapters/queue/boss';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * The dashboard's read model of workers, leases and the job queue, on a real PostgreSQL with
 * real pg-boss tables. Heartbeats are judged against a fixed `now`; leases against
 * PostgreSQL's clock, so their expiries are seeded a minute either side of it.
 */
const BEAT_MS = 2000;
const MINUTE_MS = 60_000;

describe('workers overview', () => {
  let t: TestDb;
  let boss: PgBoss | undefined;
  const now = new Date();
  const ago = (ms: number) => new Date(now.getTime() - ms);
  const ids: Record<string, string> = {};

  const beat = (workerId: string, lastBeatAt: Date, extra: { roles?: string[]; isStopping?: boolean; details?: object } = {}) =>
    t.db.workerHeartbeat.create({
      data: {
        workerId, hostname: 'host-a', pid: 100, mode: 'PAPER', version: '0.11.0', startedAt: ago(10 * MINUTE_MS), lastBeatAt,
        loopLagMs: 3, roles: extra.roles ?? ['trading'], isStopping: extra.isStopping ?? false, details: extra.details ?? {},
      },
    });
  const account = async (name: string, isEnabled = true) =>
    (ids[name] = (await t.db.tradingAccount.create({ data: { name, kind: 'PAPER', accountEquity: '10000', isEnabled } })).id);
  const setLease = (resource: string, data: { expiresAt: Date; releasedAt?: Date | null }) =>
    t.db.workerLease.update({ where: { resource }, data });

  beforeAll(async () => {
    t = await createTestDb('workers_overview');
    await ensureBaseData(t.db, { now, capitalAllocationCap: 1 });
    await t.db.tradingAccount.updateMany({ data: { isEnabled: false } }); // only this file's accounts count
    for (const name of ['alpha', 'bravo', 'charlie', 'delta', 'echo']) await account(name);
    await account('disabled', false);

    await beat('w-alive', ago(1000), { roles: ['trading', 'research'] });
    await beat('w-stale', ago(3 * BEAT_MS + 1000));
    await beat('w-stopped', ago(500), { isStopping: true });
    await beat('w-slow-beat', ago(3 * BEAT_MS + 1000), { details: { heartbeatIntervalMs: 10_000 } });
    await beat('w-gone', ago(2 * 24 * 3_600_000));

    await ensureLeaseRows(t.db, [
      ...['alpha', 'bravo', 'charlie', 'delta'].map((n) => ({ resource: accountResource(ids[n]!), accountId: ids[n]! })),
      { resource: COORDINATOR, accountId: null }, { resource: memberResource('w-alive'), accountId: null },
    ]);
    // alpha, charlie, the coordinator and its presence to w-alive; bravo to w-stale, whose lease then lapses
    await acquireLeases(t.db, 'w-alive', [accountResource(ids.alpha!), COORDINATOR, memberResource('w-alive')], 10, MINUTE_MS);
    await acquireLeases(t.db, 'w-alive', [accountResource(ids.charlie!)], 1, MINUTE_MS);
    await acquireLeases(t.db, 'w-stale', [accountResource(ids.bravo!)], 1, MINUTE_MS);
    await setLease(accountResource(ids.bravo!), { expiresAt: ago(MINUTE_MS) });
    // w-alive lets charlie go cleanly (rebalancing); delta has a row nobody ever took; echo none at all
    const charlie = await t.db.workerLease.findUniqueOrThrow({ where: { resource: accountResource(ids.charlie!) } });
    await releaseLeases(t.db, 'w-alive', [{ resource: charlie.resource, epoch: charlie.epoch }]);
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, wait: true });
    await t.drop();
  });

  it('reads the queue as empty, not as an error, before any worker has installed pg-boss', async () => {
    expect(await readJobQueueDepth(t.db)).toEqual({ name: BACKTEST_QUEUE, isInstalled: false, waiting: 0, running: 0, failed24h: 0, completed24h: 0 });
    expect((await workersOverview(t.db, now, BEAT_MS)).queue.isInstalled).toBe(false);
  });

  it('shows each recent worker with its state, stale after three missed beats of its own interval, alive first', async () => {
    const v = await workersOverview(t.db, now, BEAT_MS);
    const state = Object.fromEntries(v.workers.map((w) => [w.workerId, w.state]));
    expect(state).toEqual({ 'w-alive': 'alive', 'w-slow-beat': 'alive', 'w-stale': 'stale', 'w-stopped': 'stopped' });
    expect(v.workers.slice(0, 2).map((w) => w.state)).toEqual(['alive', 'alive']);
    const alive = v.workers.find((w) => w.workerId === 'w-alive')!;
    expect(alive).toMatchObject({ roles: ['trading', 'research'], hostname: 'host-a', pid: 100, beatAgeMs: 1000, loopLagMs: 3, staleAfterMs: 3 * BEAT_MS });
    expect(v.workers.find((w) => w.workerId === 'w-slow-beat')!.staleAfterMs).toBe(30_000);
  });

  it('lists the leases a worker holds with kind, account name, epoch and time left on PostgreSQL\'s clock; a released lease is nobody\'s', async () => {
    const v = await workersOverview(t.db, now, BEAT_MS);
    const alive = v.workers.find((w) => w.workerId === 'w-alive')!;
    expect(alive.leases.map((l) => [l.kind, l.accountName, l.epoch, l.isValid])).toEqual([
      ['account', 'alpha', 1, true], ['coordinator', null, 1, true], ['member', null, 1, true],
    ]);
    for (const l of alive.leases) expect(l.expiresInMs).toBeGreaterThan(MINUTE_MS / 2);
    const stale = v.workers.find((w) => w.workerId === 'w-stale')!;
    expect(stale.leases).toHaveLength(1);
    expect(stale.leases[0]).toMatchObject({ kind: 'account', accountName: 'bravo', isValid: false });
    expect(stale.leases[0]!.expiresInMs).toBeLessThan(-MINUTE_MS / 2);
    expect(v.coordinator).toMatchObject({ ownerId: 'w-alive', isValid: true });
  });

  it('names every enabled account a worker means to trade that nobody holds: lease expired, released, never taken', async () => {
    const v = await workersOverview(t.db, now, BEAT_MS);
    const orphans = Object.fromEntries(v.orphans.map((o) => [o.accountName, o]));
    expect(Object.keys(orphans)).toEqual(['bravo', 'charlie', 'delta']);
    expect(orphans.bravo).toMatchObject({ reason: 'expired', lastOwnerId: 'w-stale', epoch: 1 });
    expect(orphans.bravo!.orphanedForMs).toBeGreaterThan(MINUTE_MS / 2);
    expect(orphans.charlie).toMatchObject({ reason: 'released', lastOwnerId: 'w-alive', epoch: 1 });
    expect(orphans.delta).toMatchObject({ reason: 'never-leased', lastOwnerId: null, orphanedForMs: null });
    // echo has no lease row: no worker's mode trades it (an exchange account in a paper installation)
    expect(orphans.echo).toBeUndefined();
    expect(v.summary).toEqual({ aliveWorkers: 2, accountsLeased: 1, accountsToTrade: 4 });
  });

  it('a takeover clears the orphan: the new owner holds it at the next epoch', async () => {
    await acquireLeases(t.db, 'w-alive', [accountResource(ids.bravo!)], 1, MINUTE_MS);
    const v = await workersOverview(t.db, now, BEAT_MS);
    expect(v.orphans.map((o) => o.accountName)).not.toContain('bravo');
    expect(v.workers.find((w) => w.workerId === 'w-stale')!.leases).toEqual([]);
    expect(v.workers.find((w) => w.workerId === 'w-alive')!.leases.find((l) => l.accountName === 'bravo')).toMatchObject({ epoch: 2, isValid: true });
    expect(v.summary.accountsLeased).toBe(2);
  });

  it('counts the backtest queue by state from pg-boss\'s own tables: waiting, running, failed and completed in 24 h, archive included', async () => {
    const errors: Error[] = [];
    boss = await startBoss({ databaseUrl: t.url, mode: 'producer', onError: (e) => errors.push(e) });
    const sent: string[] = [];
    for (let i = 0; i < 8; i++) sent.push((await boss.send(BACKTEST_QUEUE, { cell: i }))!);
    await boss.send(BACKTEST_DEAD_QUEUE, { other: 'queue' }); // another queue: not counted
    const [running] = await boss.fetch(BACKTEST_QUEUE);
    const [done] = await boss.fetch(BACKTEST_QUEUE);
    await boss.complete(BACKTEST_QUEUE, done!.id);
    const [retried] = await boss.fetch(BACKTEST_QUEUE);
    await boss.fail(BACKTEST_QUEUE, retried!.id); // retries left: back to waiting as 'retry'
    const rest = sent.filter((id) => ![running!.id, done!.id, retried!.id].includes(id));
    // one failed today, one failed two days ago (outside the window), one completed and already archived
    await t.db.$executeRawUnsafe(`UPDATE pgboss.job SET state = 'failed', completed_on = now() WHERE id = $1::uuid`, rest[0]);
    await t.db.$executeRawUnsafe(`UPDATE pgboss.job SET state = 'failed', completed_on = now() - interval '2 days' WHERE id = $1::uuid`, rest[1]);
    await t.db.$executeRawUnsafe(`UPDATE pgboss.job SET state = 'completed', completed_on = now() - interval '1 hour' WHERE id = $1::uuid`, rest[2]);
    await t.db.$executeRawUnsafe(`INSERT INTO pgboss.archive SELECT j.*, now() FROM pgboss.job j WHERE j.id = $1::uuid`, rest[2]);
    await t.db.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE id = $1::uuid`, rest[2]);

    const depth = await readJobQueueDepth(t.db);
    // waiting: the two never fetched and the one waiting for its retry
    expect(depth).toEqual({ name: BACKTEST_QUEUE, isInstalled: true, waiting: 3, running: 1, failed24h: 1, completed24h: 2 });
    expect((await workersOverview(t.db, now, BEAT_MS)).queue).toEqual(depth);
    expect(errors).toEqual([]);
  });
});
