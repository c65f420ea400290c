import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { emailSchema, setUserDisabled } from '@/server/services/users';

export const setDisabled = procedure
  .input(z.object({ email: emailSchema, isDisabled: z.boolean() }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await setUserDisabled(ctx.db, actorOf(ctx), input, ctx.now());
    return { ok: true as const };
  });
