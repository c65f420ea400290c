import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { emailSchema, roleSchema, setUserRole } from '@/server/services/users';

export const setRole = procedure
  .input(z.object({ email: emailSchema, role: roleSchema }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await setUserRole(ctx.db, actorOf(ctx), input, ctx.now());
    return { ok: true as const };
  });
