import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount, ensureBaseData } from '@/adapters/repo/bootstrap';
import {
  accountResource, acquireLeases, COORDINATOR, ensureLeaseRows, releaseLeases, renewLeases,
} from '@/adapters/repo/leases';
import { createLogger } from '@/adapters/logging/logger';
import { processPendingCommands } from '@/worker/control/process-commands';
import { isFenced, isFencingRefusal, LeaseLostError } from '@/worker/leases/fence';
import { startLeaseManager, type HeldLease, type LeaseManager } from '@/worker/leases/lease-manager';
import { createTestDb, type TestDb } from '../support/test-db';

/**
 * Account leases and fencing (docs/scaling.md) against a real PostgreSQL: the repository's
 * statements, the "Order_fence" trigger, the lease manager's fair share and takeover, and
 * control commands reaching the account's owner. Worker processes and SIGKILL are in
 * tests/chaos/multi-worker.test.ts.
 */
describe('worker leases', () => {
  let t: TestDb;
  const accounts: string[] = [];
  const log = createLogger('test', 'silent');
  const now = () => new Date();

  beforeAll(async () => {
    t = await createTestDb('leases');
    accounts.push((await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 })).account.id);
    for (const name of ['lease-b', 'lease-c']) {
      accounts.push(await t.db.$transaction(async (tx) => (await createAccount(tx, { name, kind: 'PAPER', exchange: 'binance', accountEquity: '10000', stageOrdinal: 1, capitalAllocationCap: 1, now: new Date(), reason: 'test' })).id));
    }
  }, 60_000);
  afterAll(async () => { await t.drop(); });

  const orderRow = (accountId: string, leaseEpoch: number | null, n: string) => ({
    accountId, clientOrderId: `lease-test-${n}`, symbol: 'BTC/USDT', side: 'BUY' as const, type: 'LIMIT' as const, purpose: 'ENTRY' as const, quantity: '0.01', price: '30000', leaseEpoch,
  });
  const freeAll = () => t.db.workerLease.deleteMany({});

  describe('statements', () => {
    it('acquire takes only free rows, bumps the epoch, and never gives one row to two workers at once', async () => {
      await freeAll();
      const cands = accounts.map((a) => ({ resource: accountResource(a), accountId: a }));
      await ensureLeaseRows(t.db, cands);
      // ten workers ask for all three at the same moment: SKIP LOCKED hands each row to exactly one
      const got = await Promise.all(Array.from({ length: 10 }, (_, i) => acquireLeases(t.db, `w${i}`, cands.map((c) => c.resource), 3, 5000)));
      const owners = new Map<string, string[]>();
      got.forEach((rows, i) => rows.forEach((r) => owners.set(r.resource, [...(owners.get(r.resource) ?? []), `w${i}`])));
      expect([...owners.keys()].sort()).toEqual(cands.map((c) => c.resource).sort());
      for (const ws of owners.values()) expect(ws).toHaveLength(1);
      for (const r of got.flat()) expect(r.epoch).toBe(1);
      // nothing is free now
      expect(await acquireLeases(t.db, 'late', cands.map((c) => c.resource), 3, 5000)).toEqual([]);
    });

    it('renew keeps only what the worker validly holds at its epoch; release frees at once with a new epoch next time', async () => {
      await freeAll();
      const r = accountResource(accounts[0]!);
      await ensureLeaseRows(t.db, [{ resource: r, accountId: accounts[0]! }]);
      const [a] = await acquireLeases(t.db, 'A', [r], 1, 5000);
      expect(await renewLeases(t.db, 'A', [{ resource: r, epoch: a!.epoch }], 5000)).toHaveLength(1);
      expect(await renewLeases(t.db, 'A', [{ resource: r, epoch: a!.epoch + 1 }], 5000)).toHaveLength(0); // wrong epoch
      expect(await renewLeases(t.db, 'B', [{ resource: r, epoch: a!.epoch }], 5000)).toHaveLength(0); // not the owner
      expect(await releaseLeases(t.db, 'A', [{ resource: r, epoch: a!.epoch }])).toBe(1);
      expect(await renewLeases(t.db, 'A', [{ resource: r, epoch: a!.epoch }], 5000)).toHaveLength(0); // released
      const [b] = await acquireLeases(t.db, 'B', [r], 1, 5000);
      expect(b!.epoch).toBe(a!.epoch + 1);
    });

    it('an expired lease is taken over with the next epoch and its old holder can no longer renew', async () => {
      await freeAll();
      const r = accountResource(accounts[1]!);
      await ensureLeaseRows(t.db, [{ resource: r, accountId: accounts[1]! }]);
      const [a] = await acquireLeases(t.db, 'A', [r], 1, 150);
      expect(await acquireLeases(t.db, 'B', [r], 1, 5000)).toEqual([]);
      await new Promise((res) => setTimeout(res, 300));
      const [b] = await acquireLeases(t.db, 'B', [r], 1, 5000);
      expect(b!.epoch).toBe(a!.epoch + 1);
      expect(await renewLeases(t.db, 'A', [{ resource: r, epoch: a!.epoch }], 5000)).toEqual([]);
    });
  });

  describe('the order fence (trigger)', () => {
    it('accepts an order at the current epoch and refuses an old epoch, no epoch, an expired lease and a released one', async () => {
      await freeAll();
      const acc = accounts[0]!;
      const r = accountResource(acc);
      // never leased: not fenced (scripts, tests)
      await t.db.order.create({ data: orderRow(acc, null, 'unleased') });
      await ensureLeaseRows(t.db, [{ resource: r, accountId: acc }]);
      const [a] = await acquireLeases(t.db, 'A', [r], 1, 5000);
      await t.db.order.create({ data: orderRow(acc, a!.epoch, 'current') });
      for (const [epoch, n] of [[a!.epoch - 1, 'old'], [null, 'none'], [a!.epoch + 1, 'future']] as const) {
        const e = await t.db.order.create({ data: orderRow(acc, epoch, n) }).catch((x: unknown) => x);
        expect(isFencingRefusal(e), `epoch ${epoch}`).toBe(true);
      }
      await releaseLeases(t.db, 'A', [{ resource: r, epoch: a!.epoch }]);
      expect(isFencingRefusal(await t.db.order.create({ data: orderRow(acc, a!.epoch, 'released') }).catch((x: unknown) => x))).toBe(true);
      const [b] = await acquireLeases(t.db, 'B', [r], 1, 100);
      await new Promise((res) => setTimeout(res, 200));
      expect(isFencingRefusal(await t.db.order.create({ data: orderRow(acc, b!.epoch, 'expired') }).catch((x: unknown) => x))).toBe(true);
      expect(await t.db.order.count({ where: { clientOrderId: { in: ['lease-test-old', 'lease-test-none', 'lease-test-future', 'lease-test-released', 'lease-test-expired'] } } })).toBe(0);
    });

    it('a send attempt (submittedAt set) is fenced too: the new owner may adopt the row under its own epoch', async () => {
      await freeAll();
      const acc = accounts[1]!;
      const r = accountResource(acc);
      await ensureLeaseRows(t.db, [{ resource: r, accountId: acc }]);
      const [a] = await acquireLeases(t.db, 'A', [r], 1, 5000);
      const row = await t.db.order.create({ data: orderRow(acc, a!.epoch, 'send') });
      await releaseLeases(t.db, 'A', [{ resource: r, epoch: a!.epoch }]);
      const [b] = await acquireLeases(t.db, 'B', [r], 1, 5000);
      // the old owner's write-ahead of its send is refused...
      const refused = await t.db.order.update({ where: { id: row.id }, data: { status: 'SUBMITTED', submittedAt: new Date() } }).catch((x: unknown) => x);
      expect(isFencingRefusal(refused)).toBe(true);
      // ...an update that sends nothing is not (reconciliation, fills)...
      await t.db.order.update({ where: { id: row.id }, data: { lastError: 'seen' } });
      // ...and the new owner's send carries its epoch
      const sent = await t.db.order.update({ where: { id: row.id }, data: { status: 'SUBMITTED', submittedAt: new Date(), leaseEpoch: b!.epoch } });
      expect(sent.leaseEpoch).toBe(b!.epoch);
    });

    it('no takeover while a transaction is writing an order under the old epoch: the row is skipped until it commits', async () => {
      await freeAll();
      const acc = accounts[2]!;
      const r = accountResource(acc);
      await ensureLeaseRows(t.db, [{ resource: r, accountId: acc }]);
      const [a] = await acquireLeases(t.db, 'A', [r], 1, 300);
      let takenAt = 0;
      let committedAt = 0;
      await t.db.$transaction(async (tx) => {
        await tx.order.create({ data: orderRow(acc, a!.epoch, 'in-flight') });
        // the lease expires meanwhile and B tries to take it: the row is locked by this transaction
        await new Promise((res) => setTimeout(res, 400));
        void acquireLeases(t.db, 'B', [r], 1, 5000).then((rows) => { takenAt = rows.length ? performance.now() : -1; });
        await new Promise((res) => setTimeout(res, 300));
        committedAt = performance.now();
      });
      await new Promise((res) => setTimeout(res, 300));
      // SKIP LOCKED: B skipped the row while the order's transaction held it, and got nothing
      expect(takenAt).toBe(-1);
      const [b] = await acquireLeases(t.db, 'B', [r], 1, 5000);
      expect(b!.epoch).toBe(a!.epoch + 1);
      expect(committedAt).toBeGreaterThan(0);
      expect(await t.db.order.count({ where: { clientOrderId: 'lease-test-in-flight' } })).toBe(1);
    });
  });

  describe('the lease manager', () => {
    /** A manager driven pass by pass (never start()): a worker that stops calling passNow is a dead or paused worker. */
    function manager(workerId: string, trading: Map<string, string>, events: string[], ttlMs = 900) {
      return startLeaseManager(t.db, log, {
        workerId, ttlMs, renewEveryMs: 300, wantsCoordinator: true,
        candidates: async () => accounts.map((accountId) => ({ accountId })),
        onAccountAcquired: async (accountId: string, lease: HeldLease) => { trading.set(accountId, `${workerId}@${lease.epoch}`); events.push(`${workerId} +${accountId.slice(0, 4)}`); },
        onAccountLost: async (accountId: string, why: string) => { if (trading.get(accountId)?.startsWith(`${workerId}@`)) trading.delete(accountId); events.push(`${workerId} -${accountId.slice(0, 4)} ${why}`); },
      });
    }
    const owners = async () => new Map((await t.db.workerLease.findMany({ where: { accountId: { not: null } } })).filter((l) => l.expiresAt > new Date() && !l.releasedAt).map((l) => [l.accountId!, l.ownerId]));

    it('two workers, three accounts: one owner each, shared 2/1; a dead worker\'s accounts move within the expiry and it is fenced', async () => {
      await freeAll();
      const trading = new Map<string, string>();
      const events: string[] = [];
      const a = manager('A', trading, events);
      const b = manager('B', trading, events);
      await a.passNow(); // A alone: takes all three and the coordinator
      expect(a.heldAccountIds()).toHaveLength(3);
      expect(a.isCoordinator()).toBe(true);
      await b.passNow(); // B is a member now; nothing free yet
      await a.passNow(); await a.passNow(); // A sees two members: keeps ceil(3/2) = 2, releases one
      await b.passNow(); // B takes it
      expect(a.heldAccountIds()).toHaveLength(2);
      expect(b.heldAccountIds()).toHaveLength(1);
      const o = await owners();
      expect(o.size).toBe(3);
      expect(new Set([...a.heldAccountIds(), ...b.heldAccountIds()]).size).toBe(3);
      for (const acc of accounts) expect(trading.get(acc)?.split('@')[0]).toBe(o.get(acc));

      // A dies (no more passes): its leases lapse after the TTL and B takes everything, the coordinator included
      const aLeases = a.heldAccountIds().map((acc) => a.leaseOf(acc)!);
      const diedAt = performance.now();
      let moved = false;
      while (!moved && performance.now() - diedAt < 10_000) {
        await new Promise((res) => setTimeout(res, 100));
        await b.passNow();
        moved = b.heldAccountIds().length === 3 && b.isCoordinator();
      }
      expect(moved).toBe(true);
      expect(performance.now() - diedAt).toBeLessThan(5000); // TTL 900 ms + one pass; generous
      for (const acc of accounts) expect(trading.get(acc)?.startsWith('B@')).toBe(true);
      // the dead worker's leases fail locally, and the database refuses its orders
      for (const l of aLeases) {
        expect(() => l.assertHeld()).toThrow(LeaseLostError);
        const e = await t.db.order.create({ data: orderRow(l.accountId!, l.epoch, `dead-${l.accountId!.slice(0, 6)}`) }).catch((x: unknown) => x);
        expect(isFenced(e)).toBe(true);
      }
      // when A comes back it learns it lost them, and stops trading them before anything else
      events.length = 0;
      await a.passNow();
      expect(a.heldAccountIds()).toEqual([]);
      expect(events.filter((e) => e.startsWith('A -'))).toHaveLength(aLeases.length);
      await a.stop();
      await b.stop();
      expect((await owners()).size).toBe(0); // b.stop released everything
    }, 30_000);

    it('a clean stop hands over at once, without waiting for the expiry', async () => {
      await freeAll();
      const trading = new Map<string, string>();
      const a = manager('A2', trading, [], 60_000);
      const b = manager('B2', trading, [], 60_000);
      await a.passNow();
      await b.passNow();
      expect(a.heldAccountIds()).toHaveLength(3);
      await a.stop();
      await b.passNow(); await b.passNow();
      expect(b.heldAccountIds()).toHaveLength(3);
      expect(b.isCoordinator()).toBe(true);
      await b.stop();
    });
  });

  describe('control commands reach the owner', () => {
    let managers: LeaseManager[] = [];
    afterAll(async () => { for (const m of managers) await m.stop(); });

    it('the owner applies its accounts\' commands; another worker leaves them; the coordinator applies an unowned account\'s', async () => {
      await freeAll();
      const noop = async () => undefined;
      const mk = (id: string, candidates: string[]) => startLeaseManager(t.db, log, { workerId: id, ttlMs: 60_000, renewEveryMs: 300, wantsCoordinator: id === 'C1',
        candidates: async () => candidates.map((accountId) => ({ accountId })), onAccountAcquired: noop, onAccountLost: noop });
      const c1 = mk('C1', []); // coordinator, trades nothing
      const o1 = mk('O1', [accounts[0]!]);
      const o2 = mk('O2', [accounts[1]!]);
      managers = [c1, o1, o2];
      for (const m of managers) await m.passNow();
      const scope = (m: LeaseManager) => ({ accountIds: () => m.heldAccountIds(), includeUnowned: () => m.isCoordinator() });
      const cmd = (accountId: string) => t.db.controlCommand.create({ data: { accountId, type: 'SET_SAFE_MODE', payload: { isOn: true, reason: 'lease test', requestedBy: 'test', isCloseAll: false } } });
      const [x0, x1, x2] = [await cmd(accounts[0]!), await cmd(accounts[1]!), await cmd(accounts[2]!)];
      expect(await processPendingCommands(t.db, log, 'O2', now, undefined, scope(o2))).toBe(1);
      expect((await t.db.controlCommand.findUniqueOrThrow({ where: { id: x1.id } })).appliedBy).toBe('O2');
      expect((await t.db.controlCommand.findUniqueOrThrow({ where: { id: x0.id } })).status).toBe('PENDING');
      expect(await processPendingCommands(t.db, log, 'C1', now, undefined, scope(c1))).toBe(1); // only the unowned account's
      expect((await t.db.controlCommand.findUniqueOrThrow({ where: { id: x2.id } })).appliedBy).toBe('C1');
      expect(await processPendingCommands(t.db, log, 'O1', now, undefined, scope(o1))).toBe(1);
      expect((await t.db.controlCommand.findUniqueOrThrow({ where: { id: x0.id } })).appliedBy).toBe('O1');
      expect(await t.db.workerLease.count({ where: { resource: COORDINATOR, ownerId: 'C1' } })).toBe(1);
    });
  });
});
