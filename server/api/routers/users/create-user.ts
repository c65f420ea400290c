import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { createUser as createUserService, emailSchema, roleSchema } from '@/server/services/users';

/** Returns the generated password once; only its hash is stored. */
export const createUser = procedure
  .input(z.object({ email: emailSchema, role: roleSchema, name: z.string().trim().max(100).optional() }))
  .output(z.object({ id: z.string(), email: z.string(), password: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { user, password } = await createUserService(ctx.db, actorOf(ctx), input, ctx.now());
    return { id: user.id, email: user.email, password };
  });
