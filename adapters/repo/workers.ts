import { z } from 'zod';
import type { Db } from '@/adapters/db/client';
import { workerLiveness } from '@/domain/workers/worker-liveness';
import { readJobQueueDepth, jobQueueDepth } from './job-queue-depth';
import { COORDINATOR } from './leases';

/**
 * The dashboard's read model of a multi-worker installation (docs/scaling.md): every worker
 * from its heartbeat row with the leases it holds, the accounts nobody trades right now, the
 * coordinator, and the backtest queue's depth.
 *
 * Two clocks, on purpose: heartbeats are written with each worker's clock and judged against
 * `now`; leases are written and judged by PostgreSQL's clock (adapters/repo/leases.ts), so
 * their validity and countdowns are computed against the database's clock read here, never
 * the web server's: a skewed web host must not show a live lease as expired.
 */

/** a worker gone this long, holding nothing, is history rather than a worker to show */
const SHOW_WORKERS_FOR_MS = 24 * 3_600_000;
/** missed beats before a worker reads as stale: with the default 2 s beat, the 6 s lease TTL */
export const STALE_AFTER_BEATS = 3;

const leaseView = z.object({
  resource: z.string(),
  kind: z.enum(['account', 'coordinator', 'member']),
  accountId: z.string().nullable(),
  accountName: z.string().nullable(),
  epoch: z.number(),
  acquiredAt: z.date(),
  expiresAt: z.date(),
  /** against PostgreSQL's clock; negative once expired */
  expiresInMs: z.number(),
  isValid: z.boolean(),
});
export type LeaseView = z.infer<typeof leaseView>;

export const workersOverviewSchema = z.object({
  now: z.date(),
  /** PostgreSQL's clock when the leases were read: every lease figure is relative to it */
  leaseClockAt: z.date(),
  workers: z.array(z.object({
    workerId: z.string(), hostname: z.string(), pid: z.number(), mode: z.string(), version: z.string(),
    roles: z.array(z.string()), startedAt: z.date(), lastBeatAt: z.date(), beatAgeMs: z.number(),
    /** how late the heartbeat timer fired at the last beat */
    loopLagMs: z.number(),
    state: z.enum(['alive', 'stale', 'stopped']),
    staleAfterMs: z.number(),
    leases: z.array(leaseView),
  })),
  /** enabled accounts a worker means to trade that none validly holds: nobody trades them until one takes them over */
  orphans: z.array(z.object({
    accountId: z.string(), accountName: z.string(),
    reason: z.enum(['expired', 'released', 'never-leased']),
    lastOwnerId: z.string().nullable(), epoch: z.number(),
    /** since the lease lapsed or was let go; null when no worker ever held it */
    orphanedForMs: z.number().nullable(),
  })),
  coordinator: leaseView.extend({ ownerId: z.string() }).nullable(),
  /** accountsToTrade: enabled accounts some worker's mode trades (they have a lease row) */
  summary: z.object({ aliveWorkers: z.number(), accountsLeased: z.number(), accountsToTrade: z.number() }),
  queue: jobQueueDepth,
});
export type WorkersOverview = z.infer<typeof workersOverviewSchema>;

type LeaseRow = Awaited<ReturnType<typeof readLeases>>[number];

const readLeases = (db: Db) => db.workerLease.findMany({ include: { account: { select: { name: true, isEnabled: true } } }, orderBy: { resource: 'asc' } });

async function postgresClock(db: Db): Promise<Date> {
  const [row] = await db.$queryRaw<{ ms: number }[]>`SELECT (extract(epoch FROM clock_timestamp()) * 1000)::float8 AS ms`;
  return new Date(row!.ms);
}

const isLeaseValid = (l: LeaseRow, clockAt: Date) => l.releasedAt === null && l.expiresAt > clockAt;
/** rows made by ensureLeaseRows before anyone took them: no owner, epoch 0 */
const isNeverHeld = (l: LeaseRow) => l.ownerId === '' || l.epoch === 0;

function kindOf(resource: string): LeaseView['kind'] {
  if (resource === COORDINATOR) return 'coordinator';
  return resource.startsWith('member:') ? 'member' : 'account';
}

function toLeaseView(l: LeaseRow, clockAt: Date): LeaseView {
  return {
    resource: l.resource, kind: kindOf(l.resource), accountId: l.accountId, accountName: l.account?.name ?? null, epoch: l.epoch,
    acquiredAt: l.acquiredAt, expiresAt: l.expiresAt, expiresInMs: l.expiresAt.getTime() - clockAt.getTime(), isValid: isLeaseValid(l, clockAt),
  };
}

/** A worker that records its own beat interval is judged by it; otherwise by the configured one. */
function beatIntervalOf(details: unknown, fallbackMs: number): number {
  const v = (details as { heartbeatIntervalMs?: unknown } | null)?.heartbeatIntervalMs;
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : fallbackMs;
}

type Orphan = WorkersOverview['orphans'][number];

/**
 * Account leases nobody validly holds, for enabled accounts. Only accounts with a lease row
 * count: a worker writes the row when its mode means to trade the account, so an exchange
 * account in a paper installation, or one without an active key, is not reported as orphaned.
 */
function orphansOf(accountLeases: LeaseRow[], clockAt: Date): Orphan[] {
  return accountLeases.filter((l) => !isLeaseValid(l, clockAt)).map((l): Orphan => {
    const base = { accountId: l.accountId!, accountName: l.account!.name, epoch: l.epoch };
    if (isNeverHeld(l)) return { ...base, reason: 'never-leased', lastOwnerId: null, orphanedForMs: null };
    const since = l.releasedAt ?? l.expiresAt;
    return { ...base, reason: l.releasedAt ? 'released' : 'expired', lastOwnerId: l.ownerId, orphanedForMs: Math.max(0, clockAt.getTime() - since.getTime()) };
  });
}

const STATE_ORDER = { alive: 0, stale: 1, stopped: 2 } as const;

/**
 * Workers (alive first), their leases, orphaned accounts, the coordinator and the queue depth.
 * `heartbeatIntervalMs` is the configured beat: a worker is stale after STALE_AFTER_BEATS of them.
 */
export async function workersOverview(db: Db, now: Date, heartbeatIntervalMs: number): Promise<WorkersOverview> {
  const [leaseClockAt, leases, queue] = await Promise.all([postgresClock(db), readLeases(db), readJobQueueDepth(db)]);
  const accountLeases = leases.filter((l) => l.accountId !== null && l.account?.isEnabled).sort((a, b) => a.account!.name.localeCompare(b.account!.name));
  // released leases were let go: they belong to nobody, whatever ownerId still says
  const held = leases.filter((l) => l.releasedAt === null && !isNeverHeld(l));
  const owners = new Set(held.map((l) => l.ownerId));
  const beats = await db.workerHeartbeat.findMany({
    where: { OR: [{ lastBeatAt: { gt: new Date(now.getTime() - SHOW_WORKERS_FOR_MS) } }, { workerId: { in: [...owners] } }] },
    orderBy: { lastBeatAt: 'desc' }, take: 100,
  });
  const workers = beats.map((w) => {
    const staleAfterMs = STALE_AFTER_BEATS * beatIntervalOf(w.details, heartbeatIntervalMs);
    return {
      workerId: w.workerId, hostname: w.hostname, pid: w.pid, mode: w.mode, version: w.version, roles: w.roles,
      startedAt: w.startedAt, lastBeatAt: w.lastBeatAt, beatAgeMs: Math.max(0, now.getTime() - w.lastBeatAt.getTime()), loopLagMs: w.loopLagMs,
      state: workerLiveness(w, now, staleAfterMs), staleAfterMs,
      leases: held.filter((l) => l.ownerId === w.workerId).map((l) => toLeaseView(l, leaseClockAt)),
    };
  }).sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]);
  const coordinatorRow = held.find((l) => l.resource === COORDINATOR);
  return {
    now, leaseClockAt, workers,
    orphans: orphansOf(accountLeases, leaseClockAt),
    coordinator: coordinatorRow ? { ...toLeaseView(coordinatorRow, leaseClockAt), ownerId: coordinatorRow.ownerId } : null,
    summary: {
      aliveWorkers: workers.filter((w) => w.state === 'alive').length,
      accountsLeased: accountLeases.filter((l) => isLeaseValid(l, leaseClockAt)).length,
      accountsToTrade: accountLeases.length,
    },
    queue,
  };
}
