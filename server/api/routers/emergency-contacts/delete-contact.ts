import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { contactIdInput, deleteContact as deleteContactService } from '@/server/services/emergency/emergency-contacts';

/** Admin: remove an emergency contact (audited). */
export const deleteContact = procedure
  .input(contactIdInput)
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await deleteContactService(ctx.db, actorOf(ctx), input, ctx.now());
    return { ok: true as const };
  });
