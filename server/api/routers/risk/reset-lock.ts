import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { requestResetLock, resetLockInput } from '@/server/services/risk/request-reset-lock';

/** Admin only: ask the worker to reset a LOCKED account, with a written reason. */
export const resetLock = procedure
  .input(resetLockInput)
  .output(z.object({ commandId: z.string() }))
  .mutation(async ({ ctx, input }) => ({ commandId: (await requestResetLock(ctx.db, actorOf(ctx), input, ctx.now())).id }));
