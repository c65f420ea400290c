import { z } from 'zod';
import { procedure } from '@/server/api/trpc';

// PostgreSQL's bigint and timestamptz are narrower than a JS BigInt and Date: an input
// outside them reached the query and came back as a 500 (found by the bad-input fuzz test)
const PG_BIGINT_MAX = 2n ** 63n - 1n;
const EARLIEST = new Date('1970-01-01T00:00:00Z');
const LATEST = new Date('9999-12-31T23:59:59Z');
const dateBound = (field: string) => z.date({ error: `${field}: must be a date` })
  .min(EARLIEST, `${field}: must be on or after 1970-01-01`).max(LATEST, `${field}: must be before the year 10000`);

export const listAudit = procedure
  .input(z.object({
    cursor: z.bigint({ error: 'cursor: must be an audit row number' }).min(0n, 'cursor: must be an audit row number').max(PG_BIGINT_MAX, 'cursor: must be an audit row number').nullish(),
    limit: z.number().int().min(1).max(200).default(50),
    /** who (e-mail or worker), what (action), or the target's id; case-insensitive, part of a word is enough */
    search: z.string().trim().max(200, 'search: at most 200 characters').optional(),
    from: dateBound('from').optional(),
    to: dateBound('to').optional(),
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
