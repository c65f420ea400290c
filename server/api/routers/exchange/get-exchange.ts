import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { resolveAccount } from '@/server/services/accounts';
import { exchangeView, toExchangeView } from '@/server/services/exchange/exchange-view';

/** The account's exchange connectivity and last reconciliation; null when it has never traded live (paper). */
export const getExchange = procedure
  .input(z.object({ accountId: z.uuid('accountId: must be a trading account id').optional() }).optional())
  .output(exchangeView.nullable())
  .query(async ({ ctx, input }) => {
    const account = await resolveAccount(ctx.db, input?.accountId);
    const row = await ctx.db.liveSync.findUnique({ where: { accountId: account.id } });
    return row && toExchangeView(row, ctx.now());
  });
