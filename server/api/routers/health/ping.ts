import { z } from 'zod';
import { procedure } from '@/server/api/trpc';

export const ping = procedure
  .output(z.object({ ok: z.literal(true), at: z.date() }))
  .query(({ ctx }) => ({ ok: true as const, at: ctx.now() }));
