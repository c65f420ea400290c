import { z } from 'zod';
import { procedure, requireUser } from '@/server/api/trpc';
import { twoFactorStatus } from '@/server/services/two-factor';

/** The signed-in user's own second factor: on, pending enrolment, recovery codes left. */
export const getTwoFactor = procedure
  .output(z.object({ isEnabled: z.boolean(), enabledAt: z.date().nullable(), isPending: z.boolean(), recoveryCodesLeft: z.number().int() }))
  .query(({ ctx }) => twoFactorStatus(ctx.db, requireUser(ctx).id));
