import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { codeInput, disableTotp } from '@/server/services/two-factor';
import { twoFactorDeps } from './deps';

/** Needs a current authenticator code or an unused recovery code. */
export const disableTwoFactor = procedure
  .input(codeInput)
  .output(z.object({ ok: z.literal(true) }))
  .mutation(({ ctx, input }) => disableTotp(ctx.db, actorOf(ctx), input, twoFactorDeps(), ctx.now()));
