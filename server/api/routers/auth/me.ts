import { z } from 'zod';
import { procedure, requireUser } from '@/server/api/trpc';

export const me = procedure
  .output(z.object({ id: z.string(), email: z.string(), name: z.string().nullable(), role: z.enum(['VIEWER', 'OPERATOR', 'ADMIN']) }))
  .query(({ ctx }) => requireUser(ctx));
