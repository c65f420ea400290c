import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { codeInput, confirmTotpEnrolment } from '@/server/services/two-factor';
import { twoFactorDeps } from './deps';

/** The first code turns the factor on; the recovery codes are returned this once and only their hashes kept. */
export const confirmEnrolment = procedure
  .input(codeInput)
  .output(z.object({ recoveryCodes: z.array(z.string()) }))
  .mutation(({ ctx, input }) => confirmTotpEnrolment(ctx.db, actorOf(ctx), input, twoFactorDeps(), ctx.now()));
