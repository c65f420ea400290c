import { z } from 'zod';
import { procedure } from '@/server/api/trpc';
import { listContacts as listContactsService } from '@/server/services/emergency/emergency-contacts';

/** Everyone signed in: the people to call in an emergency, in the admins' order. */
export const listContacts = procedure
  .output(z.array(z.object({
    id: z.string(), name: z.string(), role: z.string(), phone: z.string().nullable(), email: z.string().nullable(), notes: z.string().nullable(), sortOrder: z.number(), updatedAt: z.date(),
  })))
  .query(async ({ ctx }) => (await listContactsService(ctx.db)).map(({ createdAt: _createdAt, ...c }) => c));
