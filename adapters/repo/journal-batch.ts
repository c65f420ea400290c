import type { DbOrTx } from '@/adapters/db/client';
import type { DecisionOutcome, JournalKind } from '@/generated/prisma/enums';

export interface JournalRow {
  accountId: string;
  at: Date;
  kind: JournalKind;
  symbol: string | null;
  strategy: string | null;
  outcome: DecisionOutcome | null;
  rule: string | null;
  message: string;
  details: object;
}

/**
 * Journal rows written in batches, for the places that journal many decisions at once
 * (backtests, paper replay catching up): one INSERT … SELECT FROM unnest(arrays) per
 * `chunk` rows, so 2,000 rows cost one round trip and nine parameters, never one row per
 * round trip (Prisma's createMany builds 18,000 bound values and ran at ~5k rows/s).
 * Decisions that create an order are still journaled in the order's transaction.
 */
export async function writeJournalBatch(db: DbOrTx, rows: readonly JournalRow[], chunk = 2000): Promise<number> {
  let written = 0;
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    written += await db.$executeRawUnsafe(
      `INSERT INTO "JournalEntry" ("accountId", at, kind, symbol, strategy, outcome, rule, message, details)
       SELECT * FROM unnest($1::uuid[], $2::timestamp(3)[], $3::"JournalKind"[], $4::text[], $5::text[], $6::"DecisionOutcome"[], $7::text[], $8::text[], $9::jsonb[])`,
      part.map((r) => r.accountId), part.map((r) => r.at.toISOString().slice(0, -1)), part.map((r) => r.kind), part.map((r) => r.symbol),
      part.map((r) => r.strategy), part.map((r) => r.outcome), part.map((r) => r.rule), part.map((r) => r.message), part.map((r) => JSON.stringify(r.details)),
    );
  }
  return written;
}
