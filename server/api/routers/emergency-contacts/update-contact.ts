import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { updateContact as updateContactService, updateContactInput } from '@/server/services/emergency/emergency-contacts';

/** Admin: replace an emergency contact's fields (audited with before and after). */
export const updateContact = procedure
  .input(updateContactInput)
  .output(z.object({ ok: z.literal(true) }))
  .mutation(async ({ ctx, input }) => {
    await updateContactService(ctx.db, actorOf(ctx), input, ctx.now());
    return { ok: true as const };
  });
