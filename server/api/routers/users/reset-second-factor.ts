import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { emailSchema } from '@/server/services/users';
import { resetSecondFactor as resetSecondFactorService } from '@/server/services/two-factor';

/** A user who lost their authenticator and recovery codes: their TOTP and codes are removed (audited as auth.totp.reset). */
export const resetSecondFactor = procedure
  .input(z.object({ email: emailSchema }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(({ ctx, input }) => resetSecondFactorService(ctx.db, actorOf(ctx), input, ctx.now()));
