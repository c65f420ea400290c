import { z } from 'zod';
import { procedure } from '@/server/api/trpc';

export const listAudit = procedure
  .input(z.object({ cursor: z.bigint().nullish(), limit: z.number().int().min(1).max(200).default(50) }).optional())
  .output(z.object({
    rows: z.array(z.object({
      seq: z.bigint(), at: z.date(), actorLabel: z.string(), action: z.string(), targetType: z.string().nullable(),
      targetId: z.string().nullable(), details: z.unknown(), ip: z.string().nullable(), hash: z.string(),
    })),
    nextCursor: z.bigint().nullable(),
  }))
  .query(async ({ ctx, input }) => {
    const limit = input?.limit ?? 50;
    const rows = await ctx.db.auditLog.findMany({
      where: input?.cursor ? { seq: { lt: input.cursor } } : {}, orderBy: { seq: 'desc' }, take: limit,
      select: { seq: true, at: true, actorLabel: true, action: true, targetType: true, targetId: true, details: true, ip: true, hash: true },
    });
    return { rows, nextCursor: rows.length === limit ? rows.at(-1)!.seq : null };
  });
