import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFleet, waitTakeover, type Fleet } from '@/tools/chaos/multi-worker';
import { killWorker, waitFor } from '../support/worker-process';
import { createTestDb, type TestDb } from '../support/test-db';

const TTL_MS = 3000;
const RENEW_MS = 1000;

/**
 * Several workers on one PostgreSQL (issue 11, docs/scaling.md): real worker processes in live
 * mode on the exchange emulator share three accounts through leases. One is killed with
 * SIGKILL: its accounts move to the other within the lease expiry, which reconciles before
 * trading them, with no order duplicated and no stop missing (the live chaos checker). One is
 * paused (SIGSTOP) past its lease: when it wakes, the account is someone else's and it places
 * nothing (fencing).
 */
describe('two workers, three accounts', () => {
  let t: TestDb;
  let fleet: Fleet;
  beforeAll(async () => {
    t = await createTestDb('multi_worker');
    fleet = await startFleet(t.db, t.url, { accounts: 3, leaseTtlMs: TTL_MS, leaseRenewMs: RENEW_MS });
  }, 60_000);
  afterAll(async () => { await fleet?.close(); await t.drop(); });

  const ownersBy = async () => ({ owners: await fleet.owners(), by: await fleet.holdings() });

  it('every account has exactly one owner; SIGKILL of one worker moves its accounts to the other within the lease expiry, and nothing is duplicated or left without a stop', async () => {
    const a = fleet.addWorker();
    const b = fleet.addWorker();
    // both trading: the accounts shared 2/1 by the fair share, every account owned once
    await waitFor('three accounts shared by two workers', async () => {
      const { owners, by } = await ownersBy();
      return owners.size === 3 && by.size === 2;
    }, 60_000, 100);
    fleet.run({ candlesPerSec: 10, faultP: 0.02, seed: 11 });
    // a while of trading, checking that ownership stays exclusive all along
    for (let i = 0; i < 40; i++) {
      const { owners } = await ownersBy();
      expect(owners.size).toBeLessThanOrEqual(3);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { by } = await ownersBy();
    const victim = [a, b].sort((x, y) => (by.get(y.workerId)?.length ?? 0) - (by.get(x.workerId)?.length ?? 0))[0]!;
    const survivor = victim === a ? b : a;
    const moved = by.get(victim.workerId)!;
    const killedAt = performance.now();
    await killWorker(victim);
    const takeoverMs = await waitTakeover(fleet, victim.workerId, moved, killedAt);
    process.stdout.write(`multi-worker: ${moved.length} account(s) taken over ${takeoverMs.toFixed(0)} ms after SIGKILL (lease TTL ${TTL_MS} ms, renewal every ${RENEW_MS} ms)\n`);
    // within the lease expiry: the TTL plus one renewal pass of the survivor (and slack for a loaded machine)
    expect(takeoverMs).toBeLessThan(TTL_MS + RENEW_MS + 5000);
    const { owners } = await ownersBy();
    for (const acc of moved) expect(owners.get(acc)?.ownerId).toBe(survivor.workerId);
    // the survivor reconciles each taken account before trading it, then trades on
    const takenAt = new Date();
    await fleet.settled(takenAt);
    await new Promise((r) => setTimeout(r, 2000));
    fleet.freeze();
    await fleet.settled(new Date());
    expect(await fleet.violations()).toEqual([]);
    expect(survivor.output()).toMatch(/account lease taken: trading it/);
    const orders = await t.db.order.count({ where: { accountId: { in: fleet.accounts.map((x) => x.id) } } });
    process.stdout.write(`multi-worker: ${orders} orders over the three accounts, every invariant holds\n`);
  }, 300_000);

  it('a paused worker whose leases were taken cannot place an order when it wakes (fencing)', async () => {
    const c = fleet.addWorker();
    // the newcomer gets its fair share: the survivor hands one account over cleanly
    await waitFor('the new worker holding an account', async () => (await ownersBy()).by.get(c.workerId)?.length, 60_000, 100);
    fleet.run({ candlesPerSec: 10, seed: 12 });
    await new Promise((r) => setTimeout(r, 1500));
    const { by } = await ownersBy();
    const held = by.get(c.workerId)!;
    const epochsBefore = new Map([...(await fleet.owners())].filter(([acc]) => held.includes(acc)));
    c.child.kill('SIGSTOP');
    const stoppedAt = performance.now();
    await waitTakeover(fleet, c.workerId, held, stoppedAt);
    const takenOverAt = new Date();
    // let the market move on under the new owner, then wake the paused worker in the middle of it
    await new Promise((r) => setTimeout(r, 1000));
    c.child.kill('SIGCONT');
    await waitFor('the woken worker noticing it lost its accounts', async () => (c.output().match(/account lease lost/g)?.length ?? 0) >= held.length, 20_000, 50);
    await new Promise((r) => setTimeout(r, 2000));
    fleet.freeze();
    // nothing written or sent under the paused worker's epochs once the accounts had moved
    for (const acc of held) {
      const epoch = epochsBefore.get(acc)!.epoch;
      const late = await t.db.order.findMany({ where: { accountId: acc, leaseEpoch: epoch, OR: [{ createdAt: { gt: takenOverAt } }, { submittedAt: { gt: takenOverAt } }] } });
      expect(late, `orders of epoch ${epoch} after the takeover`).toEqual([]);
    }
    await fleet.settled(new Date());
    expect(await fleet.violations()).toEqual([]);
  }, 300_000);
});
