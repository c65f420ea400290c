'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Card, ErrorNote } from '@/components/ui/card';
import { EmergencyContactForm } from './emergency-contact-form';

/** Admin: the people to call in an emergency (shown on the Emergency page); every change is audited. */
export function EmergencyContactsAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useUser();
  const [editing, setEditing] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const q = useQuery(trpc.emergencyContacts.list.queryOptions(undefined, { enabled: me.can('ADMIN') }));
  const refresh = () => { setEditing(null); setDeleting(null); void qc.invalidateQueries({ queryKey: trpc.emergencyContacts.list.queryKey() }); };
  const remove = useMutation(trpc.emergencyContacts.delete.mutationOptions({ onSuccess: refresh }));
  if (!me.can('ADMIN')) return null;
  const contacts = q.data ?? [];

  return (
    <div id="emergency-contacts">
      <Card title="Emergency contacts" testId="emergency-contacts-admin">
        <p className="muted small">Listed at the top of the Emergency page, in this order. A phone or an e-mail is required.</p>
        <ErrorNote error={q.error ?? remove.error} />
        {q.data && contacts.length === 0 && <p className="muted">No contact yet.</p>}
        {contacts.length > 0 && (
          <ul className="findings">
            {contacts.map((c) => (
              <li key={c.id} data-testid="contact-row">
                {editing === c.id ? <EmergencyContactForm contact={c} onDone={refresh} onCancel={() => setEditing(null)} /> : (
                  <div className="finding-head">
                    <span><strong>{c.name}</strong> <span className="muted small">{c.role} · #{c.sortOrder}</span>
                      <span className="cell-line small">{[c.phone, c.email].filter(Boolean).join(' · ')}</span>
                      {c.notes && <span className="cell-line small muted">{c.notes}</span>}</span>
                    <span className="row-actions">
                      <button type="button" className="btn btn-small" onClick={() => setEditing(c.id)} data-testid="contact-edit">Edit</button>
                      <button type="button" className="btn btn-small" onClick={() => setDeleting(c.id)} data-testid="contact-delete">Delete</button>
                    </span>
                  </div>
                )}
                {deleting === c.id && (
                  <div className="confirm" role="group" aria-label={`Delete ${c.name}`}>
                    <p>Delete <strong>{c.name}</strong> from the emergency contacts?</p>
                    <div className="confirm-actions">
                      <button type="button" className="btn btn-primary" disabled={remove.isPending} onClick={() => remove.mutate({ contactId: c.id })} data-testid="contact-delete-confirm">Delete</button>
                      <button type="button" className="btn" onClick={() => setDeleting(null)}>Cancel</button>
                    </div>
                  </div>
                )}
              </li>
            ))}
          </ul>
        )}
        {q.data && <EmergencyContactForm onDone={refresh} />}
      </Card>
    </div>
  );
}
