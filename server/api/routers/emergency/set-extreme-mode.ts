import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { extremeModeInput, requestExtremeMode } from '@/server/services/emergency/request-extreme-mode';

/** Operator: extreme market mode on (safe mode, smaller sizes, faster MONITOR) or off for one account. */
export const setExtremeMode = procedure
  .input(extremeModeInput)
  .output(z.object({ commandId: z.string(), isDuplicate: z.boolean() }))
  .mutation(({ ctx, input }) => requestExtremeMode(ctx.db, actorOf(ctx), input, ctx.now()));
