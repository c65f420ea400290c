import { z } from 'zod';
import { procedure } from '@/server/api/trpc';

export const listCommands = procedure
  .input(z.object({ accountId: z.uuid(), limit: z.number().int().min(1).max(100).default(20) }))
  .output(z.array(z.object({
    id: z.string(), type: z.string(), status: z.string(), payload: z.unknown(), requestedAt: z.date(), appliedAt: z.date().nullable(),
    requestedBy: z.string().nullable(), appliedBy: z.string().nullable(), error: z.string().nullable(),
  })))
  .query(async ({ ctx, input }) => {
    const rows = await ctx.db.controlCommand.findMany({
      where: { accountId: input.accountId }, orderBy: { requestedAt: 'desc' }, take: input.limit, include: { requestedBy: { select: { email: true } } },
    });
    return rows.map((r) => ({
      id: r.id, type: r.type, status: r.status, payload: r.payload, requestedAt: r.requestedAt, appliedAt: r.appliedAt,
      requestedBy: r.requestedBy?.email ?? null, appliedBy: r.appliedBy, error: r.error,
    }));
  });
