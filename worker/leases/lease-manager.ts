import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import {
  acquireLeases, accountResource, COORDINATOR, ensureLeaseRows, liveMembers, memberResource, pruneMemberLeases, releaseLeases, renewLeases, type LeaseRow,
} from '@/adapters/repo/leases';
import { LeaseLostError, type Fence } from './fence';

/** A trading account this worker may trade; a backup account names the primary it goes with. */
export interface AccountCandidate { accountId: string; primaryId?: string | null }

export interface LeaseManagerOptions {
  workerId: string;
  ttlMs: number;
  renewEveryMs: number;
  /** the accounts this worker's mode trades, read every pass */
  candidates: () => Promise<AccountCandidate[]>;
  /** whether to take the coordinator lease (the installation-wide duties) when it is free */
  wantsCoordinator: boolean;
  /** start trading the account under `lease` (its epoch goes on every order); a throw gives the lease back */
  onAccountAcquired: (accountId: string, lease: HeldLease) => Promise<void>;
  /** stop trading the account now: called before the lease is given back, and when it was lost */
  onAccountLost: (accountId: string, why: string) => Promise<void>;
  onCoordinator?: (isHeld: boolean, lease?: HeldLease) => Promise<void>;
  /** monotonic milliseconds (performance.now); the local half of fencing */
  monotonicMs?: () => number;
}

/**
 * One lease this worker holds. Valid locally until `validUntil` on the monotonic clock:
 * the renewal was sent before PostgreSQL stamped its expiry, so the local deadline always
 * falls before the database's, whatever the worker's wall clock says.
 */
export class HeldLease implements Fence {
  isLost = false;
  constructor(readonly resource: string, readonly accountId: string | null, readonly epoch: number, public validUntil: number,
    private readonly monotonicMs: () => number, readonly acquiredAt: number) {}

  assertHeld(): void {
    if (this.isLost) throw new LeaseLostError(this.resource, this.epoch, 'taken over, expired or released');
    if (this.monotonicMs() >= this.validUntil) throw new LeaseLostError(this.resource, this.epoch, 'not renewed in time (paused, or the database unreachable)');
  }
}

/** How much of the TTL the local deadline keeps in hand. */
const marginOf = (ttlMs: number) => Math.min(500, ttlMs / 10);

/**
 * The lease loop (docs/scaling.md), every `renewEveryMs`:
 * 1. renew everything held in one statement; whatever did not renew is lost and its trading stops;
 * 2. hold this worker's member lease (its presence, counted for the fair share) and, when free,
 *    the coordinator lease;
 * 3. fair share: hold ceil(primary accounts / live trading workers); more is released cleanly
 *    (trading stopped first), fewer is topped up from accounts nobody validly holds; a backup
 *    account goes with its primary.
 */
export function startLeaseManager(db: Db, log: Logger, o: LeaseManagerOptions) {
  const mono = o.monotonicMs ?? (() => performance.now());
  const held = new Map<string, HeldLease>();
  const failedStarts = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let passes = 0;
  let isStopped = false;

  const hold = (row: LeaseRow, sentAt: number) => {
    const lease = new HeldLease(row.resource, row.accountId, row.epoch, sentAt + o.ttlMs - marginOf(o.ttlMs), mono, sentAt);
    held.set(row.resource, lease);
    return lease;
  };
  const accountLeases = () => [...held.values()].filter((h) => h.accountId !== null);

  /** Stop what the lease was for: the account's loop, or the coordinator duties. A failure to stop is logged, never thrown: the lease goes either way. */
  const stopHolding = async (h: HeldLease, why: string) => {
    held.delete(h.resource);
    if (h.accountId) await o.onAccountLost(h.accountId, why).catch((e) => log.error({ component: 'lease', accountId: h.accountId, err: (e as Error).message }, 'stopping the account failed'));
    else if (h.resource === COORDINATOR) await o.onCoordinator?.(false).catch((e) => log.error({ component: 'lease', err: (e as Error).message }, 'stopping the coordinator duties failed'));
  };

  /** Lost (taken over, expired): fenced at once, before its loop is even asked to stop. */
  const lose = async (h: HeldLease, why: string) => {
    h.isLost = true;
    if (h.accountId) log.error({ component: 'lease', accountId: h.accountId, epoch: h.epoch, why }, 'account lease lost: trading stopped on this worker');
    else if (h.resource === COORDINATOR) log.warn({ component: 'lease', epoch: h.epoch, why }, 'coordinator lease lost');
    await stopHolding(h, why);
  };

  /** Stop trading then give back: the next owner starts from a quiet account (the lease stays good until its loop has stopped). */
  const letGo = async (hs: HeldLease[], why: string) => {
    for (const h of hs) {
      await stopHolding(h, why);
      h.isLost = true;
    }
    await releaseLeases(db, o.workerId, hs);
    for (const h of hs) log.info({ component: 'lease', resource: h.resource, epoch: h.epoch, why }, 'lease released');
  };

  const renew = async () => {
    const sentAt = mono();
    let rows: LeaseRow[];
    try {
      rows = await renewLeases(db, o.workerId, [...held.values()], o.ttlMs);
    } catch (e) {
      // the database is unreachable: nothing renews, and each lease ends locally at its deadline
      log.warn({ component: 'lease', err: (e as Error).message }, 'lease renewal failed');
      for (const h of [...held.values()]) if (mono() >= h.validUntil) await lose(h, 'not renewed before its expiry (database unreachable)');
      return false;
    }
    const renewed = new Set(rows.map((r) => r.resource));
    for (const h of [...held.values()]) {
      if (renewed.has(h.resource)) h.validUntil = sentAt + o.ttlMs - marginOf(o.ttlMs);
      else await lose(h, 'taken over, expired or released in the database');
    }
    return true;
  };

  const takeOne = async (resource: string, accountId: string | null) => {
    await ensureLeaseRows(db, [{ resource, accountId }]);
    const sentAt = mono();
    const [row] = await acquireLeases(db, o.workerId, [resource], 1, o.ttlMs);
    return row ? hold(row, sentAt) : undefined;
  };

  const startAccount = async (lease: HeldLease) => {
    try {
      await o.onAccountAcquired(lease.accountId!, lease);
      failedStarts.delete(lease.accountId!);
      log.info({ component: 'lease', accountId: lease.accountId, epoch: lease.epoch }, 'account lease taken: trading it');
    } catch (e) {
      if (!failedStarts.has(lease.accountId!)) log.error({ component: 'lease', accountId: lease.accountId, err: (e as Error).message }, 'could not start trading the account: lease given back');
      failedStarts.add(lease.accountId!);
      await letGo([lease], 'start failed');
    }
  };

  const balanceAccounts = async () => {
    const candidates = await o.candidates();
    const wanted = new Map(candidates.map((c) => [c.accountId, c]));
    // accounts this mode no longer trades (disabled, key removed): stop and give back
    const gone = accountLeases().filter((h) => !wanted.has(h.accountId!) || (wanted.get(h.accountId!)!.primaryId && !held.has(accountResource(wanted.get(h.accountId!)!.primaryId!))));
    if (gone.length) await letGo(gone, 'no longer to be traded by this worker');
    const primaries = candidates.filter((c) => !c.primaryId);
    await ensureLeaseRows(db, candidates.map((c) => ({ resource: accountResource(c.accountId), accountId: c.accountId })));
    const members = Math.max(1, (await liveMembers(db)).length);
    const share = Math.ceil(primaries.length / members);
    const mine = primaries.filter((c) => held.has(accountResource(c.accountId)));
    if (mine.length > share && passes > 1) {
      // the newest first: the account traded longest here stays
      const extra = mine.map((c) => held.get(accountResource(c.accountId))!).sort((a, b) => b.acquiredAt - a.acquiredAt).slice(0, mine.length - share);
      const backups = candidates.filter((c) => c.primaryId && extra.some((h) => h.accountId === c.primaryId)).map((c) => held.get(accountResource(c.accountId))).filter((h): h is HeldLease => !!h);
      await letGo([...backups, ...extra], `rebalancing: ${members} trading workers, ${primaries.length} accounts`);
    } else if (mine.length < share) {
      const free = primaries.filter((c) => !held.has(accountResource(c.accountId))).map((c) => accountResource(c.accountId));
      const sentAt = mono();
      for (const row of await acquireLeases(db, o.workerId, free, share - mine.length, o.ttlMs)) await startAccount(hold(row, sentAt));
    }
    // a backup account follows its primary
    const backups = candidates.filter((c) => c.primaryId && held.has(accountResource(c.primaryId)) && !held.has(accountResource(c.accountId)));
    if (backups.length) {
      const sentAt = mono();
      for (const row of await acquireLeases(db, o.workerId, backups.map((c) => accountResource(c.accountId)), backups.length, o.ttlMs)) await startAccount(hold(row, sentAt));
    }
  };

  const runPass = async () => {
    passes += 1;
    if (!(await renew())) return;
    const member = memberResource(o.workerId);
    if (!held.has(member)) {
      if (!(await takeOne(member, null))) { log.warn({ component: 'lease', workerId: o.workerId }, 'member lease held by another process with the same WORKER_ID: waiting for it to lapse'); return; }
    }
    if (o.wantsCoordinator && !held.has(COORDINATOR)) {
      const lease = await takeOne(COORDINATOR, null);
      if (lease) {
        log.info({ component: 'lease', epoch: lease.epoch }, 'coordinator lease taken: running the installation-wide duties');
        await o.onCoordinator?.(true, lease);
        // once an hour or so: member rows of workers gone for a day
        if (passes % 1800 === 1) await pruneMemberLeases(db, 86_400_000);
      }
    }
    await balanceAccounts();
  };

  const tick = () => {
    if (pass || isStopped) return;
    pass = runPass().catch((e) => { log.warn({ component: 'lease', err: (e as Error).message }, 'lease pass failed; next pass retries'); }).finally(() => { pass = undefined; });
  };

  return {
    /** the first pass, awaited: the worker starts trading what it could take */
    async start() { tick(); await pass; timer = setInterval(tick, o.renewEveryMs); },
    /** force a pass now (tests, a control command for an account nobody holds) */
    async passNow() { tick(); await pass; },
    heldAccountIds: () => accountLeases().map((h) => h.accountId!),
    leaseOf: (accountId: string) => held.get(accountResource(accountId)),
    isCoordinator: () => held.has(COORDINATOR),
    async stop() {
      isStopped = true;
      clearInterval(timer);
      await pass;
      // the loops stop whatever happens; a release the database cannot take just lapses at the TTL
      await letGo([...accountLeases(), ...[...held.values()].filter((h) => !h.accountId)], 'worker stopping')
        .catch((e) => log.warn({ component: 'lease', err: (e as Error).message }, 'leases not released (they lapse at their expiry)'));
    },
  };
}
export type LeaseManager = ReturnType<typeof startLeaseManager>;
