import type { Db } from '@/adapters/db/client';
import { orderSuccess, type OrderSuccess } from '@/domain/metrics/order-success';

type Reader = Pick<Db, '$queryRaw'>;

export const ORDER_SUCCESS_WINDOW_MS = 86_400_000;

/**
 * Order execution success over the last 24 hours from the Order table, the exchange and
 * paper's simulated broker apart (domain/metrics/order-success.ts says what counts).
 * Rows by creation time (wall clock), so a paper replay's orders count when they were made.
 */
export async function orderSuccessByVenue(db: Reader, now: Date): Promise<{ exchange: OrderSuccess; paper: OrderSuccess }> {
  const since = new Date(now.getTime() - ORDER_SUCCESS_WINDOW_MS).toISOString();
  const rows = await db.$queryRaw<{ venue: string; status: string; wasSubmitted: boolean; n: number }[]>`
    SELECT venue::text AS venue, status::text AS status, ("submittedAt" IS NOT NULL) AS "wasSubmitted", count(*)::int AS n
    FROM "Order" WHERE "createdAt" >= (${since}::timestamptz AT TIME ZONE 'UTC') GROUP BY 1, 2, 3`;
  return {
    exchange: orderSuccess(rows.filter((r) => r.venue === 'EXCHANGE')),
    paper: orderSuccess(rows.filter((r) => r.venue === 'PAPER')),
  };
}
