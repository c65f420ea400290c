import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { cancelOrdersInput, requestCancelOrders } from '@/server/services/emergency/request-cancel-orders';

/** Operator: cancel one account's pending entry orders (exchange issues), safe mode untouched. */
export const cancelOrders = procedure
  .input(cancelOrdersInput)
  .output(z.object({ commandId: z.string(), isDuplicate: z.boolean() }))
  .mutation(({ ctx, input }) => requestCancelOrders(ctx.db, actorOf(ctx), input, ctx.now()));
