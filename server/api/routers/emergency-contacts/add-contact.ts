import { z } from 'zod';
import { actorOf, procedure } from '@/server/api/trpc';
import { addContact as addContactService, addContactInput } from '@/server/services/emergency/emergency-contacts';

/** Admin: a new emergency contact (audited). */
export const addContact = procedure
  .input(addContactInput)
  .output(z.object({ id: z.string() }))
  .mutation(({ ctx, input }) => addContactService(ctx.db, actorOf(ctx), input, ctx.now()));
