import { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/adapters/db/client';
import type { AlertSeverity, AlertStatus } from '@/generated/prisma/enums';
import { listJournalPage, RECONCILE_PREFIX, utcTimestamp } from './journal-query';

/** The alerts live trading raises about the exchange and what reconciliation found (worker/live/). */
const EXCHANGE_ALERT_CODES = [
  'EXCHANGE_CONNECTIVITY_LOST', 'EXCHANGE_CONNECTIVITY_RESTORED', 'RECONCILE_CORRECTED', 'FOREIGN_ORDERS', 'STOP_NOT_PLACED', 'EXIT_REFUSED', 'MARKET_DATA_STALE', 'LIVE_REFUSED_PAPER_STAGE', 'STOP_MISSING',
] as const;

export type ReconcileEntry =
  | { source: 'journal'; id: string; at: Date; symbol: string | null; message: string }
  | { source: 'alert'; id: string; at: Date; symbol: null; message: string; code: string; severity: AlertSeverity; status: AlertStatus; occurrences: number; firstSeenAt: Date };

/**
 * A page ends at its last entry. The order is (time, source, id) descending, alerts before
 * journal entries of the same millisecond: a correction's alert is raised after its entries.
 */
export interface ReconcileCursor { at: Date; source: 'alert' | 'journal'; id: string }

/** the largest bigint: "every journal entry of that millisecond" with the journal's strict (at, id) < cursor */
const ALL_IDS = 9223372036854775807n;
/** the smallest uuid: "no alert of that millisecond" with (lastSeenAt, id) < cursor */
const NO_UUID = '00000000-0000-0000-0000-000000000000';

interface AlertRow { id: string; at: Date; code: string; severity: AlertSeverity; status: AlertStatus; message: string; occurrences: number; firstSeenAt: Date }

/** The account's exchange alerts, newest occurrence first, from the (accountId, lastSeenAt, id) index. */
function alertPageSql(accountId: string, cursor: ReconcileCursor | null, limit: number): Prisma.Sql {
  const after = !cursor ? Prisma.empty
    : Prisma.sql`AND ("lastSeenAt", id) < (${utcTimestamp(cursor.at)}, ${cursor.source === 'alert' ? cursor.id : NO_UUID}::uuid)`;
  return Prisma.sql`SELECT id::text AS id, "lastSeenAt" AS at, code, severity::text AS severity, status::text AS status, message, occurrences, "firstSeenAt"
    FROM "Alert" WHERE "accountId" = ${accountId}::uuid AND code IN (${Prisma.join([...EXCHANGE_ALERT_CODES])}) ${after}
    ORDER BY "lastSeenAt" DESC, id DESC LIMIT ${limit}`;
}

/** Two newest-first lists into one, alerts first on a tie (each list keeps its own order). */
export function mergeNewestFirst(journal: ReconcileEntry[], alerts: ReconcileEntry[]): ReconcileEntry[] {
  const out: ReconcileEntry[] = [];
  let j = 0;
  let a = 0;
  while (j < journal.length || a < alerts.length) {
    const isAlertNext = a < alerts.length && (j >= journal.length || alerts[a]!.at.getTime() >= journal[j]!.at.getTime());
    out.push(isAlertNext ? alerts[a++]! : journal[j++]!);
  }
  return out;
}

/**
 * The reconciliation journal of one account, newest first: the corrections reconciliation
 * journaled and the exchange alerts, keyset-paged over both. Each source is read as its own
 * index range scan of at most `limit` rows (journal-query's partial index, the alerts'
 * account index), then merged: page 1 and page 500 cost the same.
 */
export async function readReconcileJournalPage(db: Db, accountId: string, cursor: ReconcileCursor | null, limit: number) {
  const journalCursor = cursor && { at: cursor.at, id: cursor.source === 'journal' ? BigInt(cursor.id) : ALL_IDS };
  const [journal, alerts] = await Promise.all([
    listJournalPage(db, { accountId, isReconcile: true }, journalCursor, limit),
    db.$queryRaw<AlertRow[]>(alertPageSql(accountId, cursor, limit)),
  ]);
  const merged = mergeNewestFirst(
    journal.rows.map((r) => ({ source: 'journal', id: r.id.toString(), at: r.at, symbol: r.symbol, message: r.message.slice(RECONCILE_PREFIX.length) })),
    alerts.map((r) => ({ source: 'alert', symbol: null, ...r })),
  );
  const rows = merged.slice(0, limit);
  const last = rows.at(-1);
  const hasMore = merged.length > limit || journal.next !== null || alerts.length === limit;
  return { rows, next: hasMore && last ? { at: last.at, source: last.source, id: last.id } satisfies ReconcileCursor : null };
}
