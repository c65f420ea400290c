import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { emailSchema, unlockUser as unlockUserService } from '@/server/services/users';

/** Lift a login lockout before it expires (audited as auth.unlocked). */
export const unlockUser = procedure
  .input(z.object({ email: emailSchema }))
  .output(z.object({ wasLocked: z.boolean() }))
  .mutation(({ ctx, input }) => unlockUserService(ctx.db, actorOf(ctx), input, ctx.now()));
