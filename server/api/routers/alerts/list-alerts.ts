import { z } from 'zod';
import { procedure } from '@/server/api/trpc';

export const listAlerts = procedure
  .input(z.object({
    status: z.enum(['OPEN', 'ACKNOWLEDGED', 'RESOLVED']).optional(),
    severity: z.enum(['CRITICAL', 'WARNING', 'INFO']).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  }).optional())
  .output(z.array(z.object({
    id: z.string(), severity: z.enum(['CRITICAL', 'WARNING', 'INFO']), code: z.string(), message: z.string(), status: z.string(),
    occurrences: z.number(), firstSeenAt: z.date(), lastSeenAt: z.date(), acknowledgedAt: z.date().nullable(), acknowledgedBy: z.string().nullable(), evidence: z.unknown(),
    deliveries: z.array(z.object({ channel: z.string(), kind: z.string(), status: z.enum(['PENDING', 'SENT', 'FAILED']), attempts: z.number(), lastError: z.string().nullable(), sentAt: z.date().nullable() })),
  })))
  .query(async ({ ctx, input }) => {
    const rows = await ctx.db.alert.findMany({
      where: { ...(input?.status ? { status: input.status } : {}), ...(input?.severity ? { severity: input.severity } : {}) },
      orderBy: { lastSeenAt: 'desc' }, take: input?.limit ?? 50,
      select: { id: true, severity: true, code: true, message: true, status: true, occurrences: true, firstSeenAt: true, lastSeenAt: true, acknowledgedAt: true, acknowledgedById: true, evidence: true,
        deliveries: { orderBy: { createdAt: 'asc' }, select: { status: true, attempts: true, lastError: true, sentAt: true, channel: { select: { name: true, kind: true } } } } },
    });
    const ids = [...new Set(rows.map((r) => r.acknowledgedById).filter((x): x is string => !!x))];
    const users = ids.length ? await ctx.db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } }) : [];
    return rows.map(({ acknowledgedById, deliveries, ...r }) => ({ ...r, acknowledgedBy: users.find((u) => u.id === acknowledgedById)?.email ?? null,
      deliveries: deliveries.map(({ channel, ...d }) => ({ ...d, channel: channel.name, kind: channel.kind })) }));
  });

/** For the banner on every page: open critical alerts, the newest first (a cheap indexed read, polled). */
export const criticalAlerts = procedure
  .output(z.object({ count: z.number(), newest: z.object({ id: z.string(), code: z.string(), message: z.string(), lastSeenAt: z.date() }).nullable() }))
  .query(async ({ ctx }) => {
    const where = { status: 'OPEN' as const, severity: 'CRITICAL' as const };
    const [count, newest] = [await ctx.db.alert.count({ where }), await ctx.db.alert.findFirst({ where, orderBy: { lastSeenAt: 'desc' }, select: { id: true, code: true, message: true, lastSeenAt: true } })];
    return { count, newest };
  });
