import { z } from 'zod';
import type { Db, Tx } from '@/adapters/db/client';
import { appendAudit } from '@/adapters/repo/audit-log';
import { AppError } from '@/server/errors';
import type { Actor } from '@/server/services/users';

/** An optional text field: blank reads as absent (a form sends ''), stored as null. */
const optionalText = (field: string, max: number) => z.string().trim().max(max, `${field}: at most ${max} characters`).optional().transform((v) => v || null);

const contactFields = z.object({
  name: z.string({ error: 'name: is required' }).trim().min(1, 'name: is required').max(100, 'name: at most 100 characters'),
  role: z.string({ error: 'role: is required, e.g. on-call operator' }).trim().min(1, 'role: is required, e.g. on-call operator').max(100, 'role: at most 100 characters'),
  phone: optionalText('phone', 40).refine((v) => v === null || /^\+?[0-9][0-9 ()./-]{2,39}$/.test(v), 'phone: digits, spaces and + ( ) - . / only, e.g. +41 44 123 45 67'),
  email: optionalText('email', 200).refine((v) => v === null || z.email().safeParse(v).success, 'email: must be an e-mail address'),
  notes: optionalText('notes', 1000),
  sortOrder: z.number({ error: 'sortOrder: a whole number from 0 to 1000' }).int('sortOrder: a whole number from 0 to 1000').min(0, 'sortOrder: at least 0').max(1000, 'sortOrder: at most 1000').default(0),
});
// someone must be reachable: a contact without a phone or an e-mail is no use in an emergency
const isReachable = (c: { phone: string | null; email: string | null }) => c.phone !== null || c.email !== null;
const reachable = { path: ['phone'], message: 'phone: a phone or an e-mail is required, or nobody can reach this contact' };

export const addContactInput = contactFields.refine(isReachable, reachable);
export const updateContactInput = contactFields.extend({ contactId: z.uuid('contactId: must be a contact id') }).refine(isReachable, reachable);
export const contactIdInput = z.object({ contactId: z.uuid('contactId: must be a contact id') });

const audit = (actor: Actor, action: string, contactId: string, details: Record<string, unknown>) =>
  ({ actorId: actor.id, actorLabel: actor.label, ip: actor.ip, action, targetType: 'EmergencyContact', targetId: contactId, details });

async function findContact(tx: Tx, contactId: string) {
  const row = await tx.emergencyContact.findUnique({ where: { id: contactId } });
  if (!row) throw new AppError('NOT_FOUND', 'no emergency contact with that id');
  return row;
}

export async function listContacts(db: Db) {
  return db.emergencyContact.findMany({ orderBy: [{ sortOrder: 'asc' }, { name: 'asc' }] });
}

export async function addContact(db: Db, actor: Actor, input: z.infer<typeof addContactInput>, now: Date) {
  return db.$transaction(async (tx) => {
    const row = await tx.emergencyContact.create({ data: input });
    await appendAudit(tx, audit(actor, 'emergencyContact.added', row.id, input), now);
    return { id: row.id };
  });
}

/** Replaces every field (the form sends the whole contact); the audit row keeps before and after. */
export async function updateContact(db: Db, actor: Actor, input: z.infer<typeof updateContactInput>, now: Date) {
  const { contactId, ...fields } = input;
  await db.$transaction(async (tx) => {
    const before = await findContact(tx, contactId);
    await tx.emergencyContact.update({ where: { id: contactId }, data: fields });
    const { name, role, phone, email, notes, sortOrder } = before;
    await appendAudit(tx, audit(actor, 'emergencyContact.updated', contactId, { before: { name, role, phone, email, notes, sortOrder }, after: fields }), now);
  });
}

export async function deleteContact(db: Db, actor: Actor, input: z.infer<typeof contactIdInput>, now: Date) {
  await db.$transaction(async (tx) => {
    const row = await findContact(tx, input.contactId);
    await tx.emergencyContact.delete({ where: { id: row.id } });
    await appendAudit(tx, audit(actor, 'emergencyContact.deleted', row.id, { name: row.name, role: row.role }), now);
  });
}
