import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { emailSchema, resetPassword as resetPasswordService } from '@/server/services/users';

/** Generates a new password, shown once, and revokes the user's sessions. */
export const resetPassword = procedure
  .input(z.object({ email: emailSchema }))
  .output(z.object({ email: z.string(), password: z.string() }))
  .mutation(async ({ ctx, input }) => {
    const { user, password } = await resetPasswordService(ctx.db, actorOf(ctx), input, ctx.now());
    return { email: user.email, password };
  });
