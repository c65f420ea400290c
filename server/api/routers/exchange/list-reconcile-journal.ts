import { z } from 'zod';
import { readReconcileJournalPage } from '@/adapters/repo/reconcile-journal';
import { procedure } from '@/server/api/trpc';
import { resolveAccount } from '@/server/services/accounts';

const SOURCES = { a: 'alert', j: 'journal' } as const;
const cursorSchema = z.string().regex(/^\d{1,15}:(a:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|j:\d{1,18})$/, 'cursor: not a cursor this page returned');

/** Reconciliation's corrections and the exchange alerts of the account, newest first, keyset-paged. */
export const listReconcileJournal = procedure
  .input(z.object({
    accountId: z.uuid('accountId: must be a trading account id').optional(),
    cursor: cursorSchema.nullish(),
    limit: z.number().int().min(1).max(200).default(50),
  }).optional())
  .output(z.object({
    rows: z.array(z.object({
      key: z.string(), source: z.enum(['journal', 'alert']), at: z.date(), symbol: z.string().nullable(), message: z.string(),
      alert: z.object({
        code: z.string(), severity: z.enum(['CRITICAL', 'WARNING', 'INFO']), status: z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']),
        occurrences: z.number(), firstSeenAt: z.date(),
      }).nullable(),
    })),
    nextCursor: z.string().nullable(),
  }))
  .query(async ({ ctx, input }) => {
    const account = await resolveAccount(ctx.db, input?.accountId);
    let cursor = null;
    if (input?.cursor) {
      const [ms, source, id] = input.cursor.split(':') as [string, keyof typeof SOURCES, string];
      cursor = { at: new Date(Number(ms)), source: SOURCES[source], id };
    }
    const page = await readReconcileJournalPage(ctx.db, account.id, cursor, input?.limit ?? 50);
    return {
      rows: page.rows.map((r) => ({
        key: `${r.source}:${r.id}`, source: r.source, at: r.at, symbol: r.symbol, message: r.message,
        alert: r.source === 'alert' ? { code: r.code, severity: r.severity, status: r.status, occurrences: r.occurrences, firstSeenAt: r.firstSeenAt } : null,
      })),
      nextCursor: page.next ? `${page.next.at.getTime()}:${page.next.source[0]}:${page.next.id}` : null,
    };
  });
