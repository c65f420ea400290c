import type { Db } from '@/adapters/db/client';

/**
 * Leases in PostgreSQL (docs/scaling.md): one row per resource, `account:<id>`, `coordinator`
 * or `member:<workerId>`. All times come from PostgreSQL's clock, in UTC like every column
 * Prisma writes, so the workers' own clocks never decide who owns what. A lease is valid
 * while it is neither released nor past its expiry; taking one that is not valid bumps its
 * epoch, which fences every order of the previous holder.
 */
export interface LeaseCandidate { resource: string; accountId: string | null }
export interface LeaseRow { resource: string; accountId: string | null; epoch: number; expiresAt: Date }

const NOW = `(clock_timestamp() AT TIME ZONE 'UTC')`;

/** SQL: the lease row `alias` is validly held right now (neither released nor expired). The one definition, for every statement that asks. */
export const validLeaseSql = (alias: string) => `${alias}."releasedAt" IS NULL AND ${alias}."expiresAt" > ${NOW}`;

export const accountResource = (accountId: string) => `account:${accountId}`;
export const memberResource = (workerId: string) => `member:${workerId}`;
export const COORDINATOR = 'coordinator';

/** Rows for resources that have none yet: unowned, epoch 0, long expired. */
export async function ensureLeaseRows(db: Db, candidates: LeaseCandidate[]): Promise<void> {
  if (!candidates.length) return;
  await db.$executeRawUnsafe(`
    INSERT INTO "WorkerLease" (resource, "accountId", "ownerId", epoch, "acquiredAt", "renewedAt", "expiresAt")
    SELECT r, a::uuid, '', 0, 'epoch', 'epoch', 'epoch' FROM unnest($1::text[], $2::text[]) AS c(r, a)
    ON CONFLICT DO NOTHING`, candidates.map((c) => c.resource), candidates.map((c) => c.accountId));
}

/**
 * Take up to `limit` of `resources` that nobody validly holds: locked FOR UPDATE SKIP LOCKED
 * so two workers asking at once never take the same row, and re-checked under the lock.
 * Returns what this worker now holds, each with its new epoch.
 */
export async function acquireLeases(db: Db, ownerId: string, resources: string[], limit: number, ttlMs: number): Promise<LeaseRow[]> {
  if (!resources.length || limit <= 0) return [];
  return db.$queryRawUnsafe<LeaseRow[]>(`
    WITH free AS (
      SELECT resource FROM "WorkerLease"
      WHERE resource = ANY($1::text[]) AND ("releasedAt" IS NOT NULL OR "expiresAt" <= ${NOW})
      ORDER BY resource LIMIT $2 FOR UPDATE SKIP LOCKED)
    UPDATE "WorkerLease" l SET "ownerId" = $3, epoch = l.epoch + 1, "acquiredAt" = ${NOW}, "renewedAt" = ${NOW},
      "expiresAt" = ${NOW} + make_interval(secs => $4::float8 / 1000), "releasedAt" = NULL
    FROM free WHERE l.resource = free.resource
    RETURNING l.resource, l."accountId", l.epoch, l."expiresAt"`, resources, limit, ownerId, ttlMs);
}

/**
 * Extend every lease this worker still validly holds at the epoch it knows. A lease missing
 * from the answer is lost: expired, released, or taken over by another worker.
 */
export async function renewLeases(db: Db, ownerId: string, held: { resource: string; epoch: number }[], ttlMs: number): Promise<LeaseRow[]> {
  if (!held.length) return [];
  return db.$queryRawUnsafe<LeaseRow[]>(`
    UPDATE "WorkerLease" l SET "renewedAt" = ${NOW}, "expiresAt" = ${NOW} + make_interval(secs => $4::float8 / 1000)
    FROM unnest($2::text[], $3::int[]) AS h(resource, epoch)
    WHERE l.resource = h.resource AND l.epoch = h.epoch AND l."ownerId" = $1 AND ${validLeaseSql('l')}
    RETURNING l.resource, l."accountId", l.epoch, l."expiresAt"`, ownerId, held.map((h) => h.resource), held.map((h) => h.epoch), ttlMs);
}

/** Let go cleanly (shutdown, rebalancing): the next owner need not wait for the expiry. */
export async function releaseLeases(db: Db, ownerId: string, held: { resource: string; epoch: number }[]): Promise<number> {
  if (!held.length) return 0;
  return db.$executeRawUnsafe(`
    UPDATE "WorkerLease" l SET "releasedAt" = ${NOW}, "expiresAt" = ${NOW}
    FROM unnest($2::text[], $3::int[]) AS h(resource, epoch)
    WHERE l.resource = h.resource AND l.epoch = h.epoch AND l."ownerId" = $1 AND l."releasedAt" IS NULL`,
  ownerId, held.map((h) => h.resource), held.map((h) => h.epoch));
}

/** Trading workers alive right now: owners of a valid member lease. */
export async function liveMembers(db: Db): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ ownerId: string }[]>(`
    SELECT "ownerId" FROM "WorkerLease" l WHERE resource LIKE 'member:%' AND ${validLeaseSql('l')} ORDER BY "ownerId"`);
  return rows.map((r) => r.ownerId);
}

/** Accounts some worker validly holds (the coordinator leaves those to their owner). */
export async function accountsHeld(db: Db): Promise<Map<string, { ownerId: string; epoch: number }>> {
  const rows = await db.$queryRawUnsafe<{ accountId: string; ownerId: string; epoch: number }[]>(`
    SELECT "accountId", "ownerId", epoch FROM "WorkerLease" l WHERE "accountId" IS NOT NULL AND ${validLeaseSql('l')}`);
  return new Map(rows.map((r) => [r.accountId, { ownerId: r.ownerId, epoch: r.epoch }]));
}

/** Member rows of workers gone for a day: the table keeps one row per live worker, not per start. */
export async function pruneMemberLeases(db: Db, olderThanMs: number): Promise<number> {
  return db.$executeRawUnsafe(`
    DELETE FROM "WorkerLease" WHERE resource LIKE 'member:%' AND "expiresAt" < ${NOW} - make_interval(secs => $1::float8 / 1000)`, olderThanMs);
}
