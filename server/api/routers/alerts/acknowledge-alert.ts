import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { acknowledgeAlert as ack } from '@/adapters/repo/alerts';
import { appendAudit } from '@/adapters/repo/audit-log';
import { AppError } from '@/server/errors';

export const acknowledgeAlert = procedure
  .input(z.object({ alertId: z.uuid('must be an alert id') }))
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    const actor = actorOf(ctx);
    const now = ctx.now();
    await ctx.db.$transaction(async (tx) => {
      if (!(await ack(tx, input.alertId, actor.id, now))) throw new AppError('NOT_FOUND', 'no open alert with that id');
      await appendAudit(tx, { actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action: 'alert.acknowledged', targetType: 'Alert', targetId: input.alertId }, now);
    });
    return { ok: true as const };
  });
