'use client';

import { useMutation } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { ErrorNote } from '@/components/ui/card';
import type { RouterOutputs } from '@/components/providers/types';

type Contact = RouterOutputs['emergencyContacts']['list'][number];

/** Add a contact, or edit one (the whole contact is sent; the server validates and names a bad field). */
export function EmergencyContactForm({ contact, onDone, onCancel }: { contact?: Contact; onDone: () => void; onCancel?: () => void }) {
  const trpc = useTRPC();
  const add = useMutation(trpc.emergencyContacts.add.mutationOptions({ onSuccess: onDone }));
  const update = useMutation(trpc.emergencyContacts.update.mutationOptions({ onSuccess: onDone }));
  const m = contact ? update : add;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const f = new FormData(formEl);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const fields = { name: text('name'), role: text('role'), phone: text('phone'), email: text('email'), notes: text('notes'), sortOrder: Number(text('sortOrder') || '0') };
    if (contact) update.mutate({ contactId: contact.id, ...fields });
    else add.mutate(fields, { onSuccess: () => formEl.reset() });
  }

  return (
    <form className="form contact-form" onSubmit={onSubmit} autoComplete="off" aria-label={contact ? `Edit ${contact.name}` : 'Add an emergency contact'}>
      <div className="contact-fields">
        <label>Name<input name="name" required maxLength={100} defaultValue={contact?.name} data-testid="contact-name" /></label>
        <label>Role<input name="role" required maxLength={100} defaultValue={contact?.role} placeholder="on-call operator" data-testid="contact-role" /></label>
        <label>Phone<input name="phone" type="tel" maxLength={40} defaultValue={contact?.phone ?? ''} placeholder="+41 44 123 45 67" data-testid="contact-phone" /></label>
        <label>E-mail<input name="email" type="email" maxLength={200} defaultValue={contact?.email ?? ''} data-testid="contact-email" /></label>
        <label>Order<input name="sortOrder" type="number" min={0} max={1000} className="input-small" defaultValue={contact?.sortOrder ?? 0} data-testid="contact-order" /></label>
      </div>
      <label>Notes (optional)<textarea name="notes" rows={2} maxLength={1000} defaultValue={contact?.notes ?? ''} data-testid="contact-notes" /></label>
      <ErrorNote error={m.error} />
      <div className="confirm-actions">
        <button type="submit" className="btn btn-primary" disabled={m.isPending} data-testid="contact-save">{contact ? 'Save' : 'Add contact'}</button>
        {onCancel && <button type="button" className="btn btn-ghost" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
