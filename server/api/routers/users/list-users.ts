import { z } from 'zod';
import { procedure } from '@/server/api/trpc';

export const listUsers = procedure
  .output(z.array(z.object({
    id: z.string(), email: z.string(), name: z.string().nullable(), role: z.enum(['VIEWER', 'OPERATOR', 'ADMIN']),
    disabledAt: z.date().nullable(), lastLoginAt: z.date().nullable(), createdAt: z.date(),
    lockedUntil: z.date().nullable(), totpEnabledAt: z.date().nullable(),
  })))
  .query(({ ctx }) => ctx.db.user.findMany({
    orderBy: { createdAt: 'asc' },
    select: { id: true, email: true, name: true, role: true, disabledAt: true, lastLoginAt: true, createdAt: true, lockedUntil: true, totpEnabledAt: true },
  }));
