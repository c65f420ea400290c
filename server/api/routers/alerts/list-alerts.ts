import { z } from 'zod';
import { procedure } from '@/server/api/trpc';

export const listAlerts = procedure
  .input(z.object({ status: z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']).optional(), limit: z.number().int().min(1).max(200).default(50) }).optional())
  .output(z.array(z.object({
    id: z.string(), severity: z.enum(['CRITICAL', 'WARNING', 'INFO']), code: z.string(), message: z.string(), status: z.string(),
    occurrences: z.number(), firstSeenAt: z.date(), lastSeenAt: z.date(), acknowledgedAt: z.date().nullable(), evidence: z.unknown(),
  })))
  .query(({ ctx, input }) => ctx.db.alert.findMany({
    where: input?.status ? { status: input.status } : {}, orderBy: { lastSeenAt: 'desc' }, take: input?.limit ?? 50,
    select: { id: true, severity: true, code: true, message: true, status: true, occurrences: true, firstSeenAt: true, lastSeenAt: true, acknowledgedAt: true, evidence: true },
  }));
