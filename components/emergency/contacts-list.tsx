'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Card, ErrorNote } from '@/components/ui/card';

/** Who to call, in the admins' order; phone and e-mail as links so a phone can dial at once. */
export function ContactsList() {
  const trpc = useTRPC();
  const user = useUser();
  const q = useQuery(trpc.emergencyContacts.list.queryOptions());
  const contacts = q.data ?? [];
  return (
    <Card title="Emergency contacts" testId="emergency-contacts">
      <ErrorNote error={q.error} />
      {q.data && contacts.length === 0 && (
        <p className="muted">No emergency contact yet. {user.can('ADMIN') ? <Link href="/settings#emergency-contacts">Add them in Settings</Link> : 'An admin adds them in Settings.'}</p>
      )}
      {contacts.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Name</th><th>Role</th><th>Phone</th><th>E-mail</th><th>Notes</th></tr></thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.id} data-testid="emergency-contact">
                  <td><strong>{c.name}</strong></td>
                  <td>{c.role}</td>
                  <td className="nowrap">{c.phone ? <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a> : '—'}</td>
                  <td>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : '—'}</td>
                  <td className="small">{c.notes ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {user.can('ADMIN') && contacts.length > 0 && <p className="muted small"><Link href="/settings#emergency-contacts">Edit the contacts in Settings</Link></p>}
    </Card>
  );
}
