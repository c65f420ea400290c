import { Prisma } from '@/generated/prisma/client';
import type { Db, Tx } from '@/adapters/db/client';

export interface JournalFilter {
  accountId: string;
  symbol?: string;
  strategy?: string;
  /** a decision's outcome; SKIPPED = a signal the pipeline dropped before the validator */
  outcome?: 'APPROVED' | 'SHRUNK' | 'REJECTED' | 'SKIPPED';
  rule?: string;
  kind?: 'DECISION' | 'ORDER' | 'FILL' | 'EXIT' | 'CONTROL' | 'SYSTEM';
  /** only reconciliation's corrections: SYSTEM entries whose message starts with RECONCILE_PREFIX */
  isReconcile?: boolean;
}

/** how worker/live/reconcile.ts starts the message of every correction it journals */
export const RECONCILE_PREFIX = 'reconcile: ';

/** A UTC timestamp column's value at `d`: "at" is stored without zone, so the instant travels as epoch ms. */
export const utcTimestamp = (d: Date) => Prisma.sql`(to_timestamp(${d.getTime()}::double precision / 1000) AT TIME ZONE 'UTC')`;

/** A page ends at (at, id) of its last row; the next page starts strictly after it. */
export interface JournalCursor { at: Date; id: bigint }

export interface JournalRowOut {
  id: bigint; at: Date; kind: string; symbol: string | null; strategy: string | null; outcome: string | null; rule: string | null; message: string; details: unknown;
}

/**
 * One page of the journal, newest first, as keyset pagination over (at, id): the filter's
 * columns and the row comparison both sit in one of the indexes ending in (at, id) (the
 * reconcile filter in a partial one), so page 1 and page 20,000 of a million rows cost the
 * same index range scan (no OFFSET).
 */
export function journalPageSql(f: JournalFilter, cursor: JournalCursor | null, limit: number): Prisma.Sql {
  const where: Prisma.Sql[] = [Prisma.sql`"accountId" = ${f.accountId}::uuid`];
  if (f.symbol) where.push(Prisma.sql`symbol = ${f.symbol}`);
  if (f.strategy) where.push(Prisma.sql`strategy = ${f.strategy}`);
  if (f.kind) where.push(Prisma.sql`kind = ${f.kind}::"JournalKind"`);
  if (f.outcome === 'SKIPPED') where.push(Prisma.sql`kind = 'DECISION'::"JournalKind" AND outcome IS NULL`);
  else if (f.outcome) where.push(Prisma.sql`outcome = ${f.outcome}::"DecisionOutcome"`);
  if (f.rule) where.push(Prisma.sql`rule = ${f.rule}`);
  // written out, not a parameter: the planner proves the partial index JournalEntry_reconcile_idx from this very text
  if (f.isReconcile) where.push(Prisma.sql`kind = 'SYSTEM'::"JournalKind" AND message LIKE 'reconcile: %'`);
  if (cursor) where.push(Prisma.sql`(at, id) < (${utcTimestamp(cursor.at)}, ${cursor.id}::bigint)`);
  return Prisma.sql`SELECT id, at, kind::text AS kind, symbol, strategy, outcome::text AS outcome, rule, message, details
    FROM "JournalEntry" WHERE ${Prisma.join(where, ' AND ')} ORDER BY at DESC, id DESC LIMIT ${limit}`;
}

export async function listJournalPage(db: Db | Tx, f: JournalFilter, cursor: JournalCursor | null, limit: number) {
  const rows = await db.$queryRaw<JournalRowOut[]>(journalPageSql(f, cursor, limit));
  const last = rows.at(-1);
  return { rows, next: rows.length === limit && last ? { at: last.at, id: last.id } : null };
}
