import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { closePositionInput, requestClosePosition } from '@/server/services/positions/request-close-position';

/** Operator: close one position at the next price, carried out by the worker (command channel). A repeat returns the first command. */
export const closePosition = procedure
  .input(closePositionInput)
  .output(z.object({ commandId: z.string(), isDuplicate: z.boolean() }))
  .mutation(async ({ ctx, input }) => {
    const r = await requestClosePosition(ctx.db, actorOf(ctx), input, ctx.now());
    return { commandId: r.command.id, isDuplicate: r.isDuplicate };
  });
