import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { CHANNEL_KINDS, publicChannelConfig, type ChannelKind } from '@/adapters/notify/channels';

const deliveryView = z.object({ status: z.enum(['PENDING', 'SENT', 'FAILED']), attempts: z.number(), lastError: z.string().nullable(), createdAt: z.date(), sentAt: z.date().nullable(), isTest: z.boolean() });

/** Admin: the alert channels with their public settings (secrets as …last4, never the secret) and each one's latest delivery. */
export const listChannels = procedure
  .output(z.array(z.object({
    id: z.string(), name: z.string(), kind: z.string(), minSeverity: z.enum(['INFO', 'WARNING', 'CRITICAL']), isEnabled: z.boolean(), createdAt: z.date(),
    settings: z.record(z.string(), z.unknown()), lastDelivery: deliveryView.nullable(),
  })))
  .query(async ({ ctx }) => {
    const rows = await ctx.db.alertChannel.findMany({ orderBy: { name: 'asc' }, include: {
      deliveries: { orderBy: { createdAt: 'desc' }, take: 1, select: { status: true, attempts: true, lastError: true, createdAt: true, sentAt: true, alert: { select: { code: true } } } },
    } });
    return rows.map(({ config, deliveries, ...c }) => {
      const d = deliveries[0];
      const isKnown = (CHANNEL_KINDS as readonly string[]).includes(c.kind);
      return { ...c, settings: isKnown ? publicChannelConfig(c.kind as ChannelKind, config) : {},
        lastDelivery: d ? { status: d.status, attempts: d.attempts, lastError: d.lastError, createdAt: d.createdAt, sentAt: d.sentAt, isTest: d.alert.code === 'TEST_ALERT' } : null };
    });
  });
