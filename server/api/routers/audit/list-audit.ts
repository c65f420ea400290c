import { z } from 'zod';
import { procedure } from '@/server/api/trpc';

export const listAudit = procedure
  .input(z.object({
    cursor: z.bigint().nullish(),
    limit: z.number().int().min(1).max(200).default(50),
    /** who (e-mail or worker), what (action), or the target's id; case-insensitive, part of a word is enough */
    search: z.string().trim().max(200, 'search: at most 200 characters').optional(),
    from: z.date().optional(),
    to: z.date().optional(),
  }).optional())
  .output(z.object({
    rows: z.array(z.object({
      seq: z.bigint(), at: z.date(), actorLabel: z.string(), action: z.string(), targetType: z.string().nullable(),
      targetId: z.string().nullable(), details: z.unknown(), ip: z.string().nullable(), hash: z.string(),
    })),
    nextCursor: z.bigint().nullable(),
  }))
  .query(async ({ ctx, input }) => {
    const limit = input?.limit ?? 50;
    const s = input?.search || undefined;
    const rows = await ctx.db.auditLog.findMany({
      where: {
        ...(input?.cursor ? { seq: { lt: input.cursor } } : {}),
        ...(input?.from || input?.to ? { at: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } } : {}),
        ...(s ? { OR: [
          { actorLabel: { contains: s, mode: 'insensitive' as const } }, { action: { contains: s, mode: 'insensitive' as const } },
          { targetType: { contains: s, mode: 'insensitive' as const } }, { targetId: s }, { ip: s },
        ] } : {}),
      },
      orderBy: { seq: 'desc' }, take: limit,
      select: { seq: true, at: true, actorLabel: true, action: true, targetType: true, targetId: true, details: true, ip: true, hash: true },
    });
    return { rows, nextCursor: rows.length === limit ? rows.at(-1)!.seq : null };
  });
