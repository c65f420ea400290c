import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { passwordInput, startTotpEnrolment } from '@/server/services/two-factor';
import { twoFactorDeps } from './deps';

/** Needs the current password again; returns the new secret once (the server keeps it sealed). */
export const startEnrolment = procedure
  .input(passwordInput)
  .output(z.object({ secret: z.string(), otpauthUri: z.string() }))
  .mutation(({ ctx, input }) => startTotpEnrolment(ctx.db, actorOf(ctx), input, twoFactorDeps(), ctx.now()));
