'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';

type Role = 'VIEWER' | 'OPERATOR' | 'ADMIN';

// a lock in the past is only where the failure count restarted
const isLocked = (lockedUntil: Date | null) => lockedUntil !== null && lockedUntil.getTime() > Date.now();

/** Admin-only user management; a generated password is shown once, here, and never again. */
export function UsersAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useUser();
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);
  const users = useQuery(trpc.users.list.queryOptions(undefined, { enabled: me.can('ADMIN') }));
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: (r) => { setShown(r); void refresh(); } }));
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.users.resetPassword.mutationOptions({ onSuccess: (r) => setShown(r) }));
  const unlock = useMutation(trpc.users.unlock.mutationOptions({ onSuccess: refresh }));
  const resetSecondFactor = useMutation(trpc.users.resetSecondFactor.mutationOptions({ onSuccess: refresh }));

  if (!me.can('ADMIN')) return <Card title="Users"><p className="muted">Only administrators manage users.</p></Card>;

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    create.mutate({ email: String(f.get('email')), role: String(f.get('role')) as Role });
    e.currentTarget.reset();
  }

  return (
    <Card title="Users">
      {shown && (
        <div className="secret-once" role="status">
          Password for <strong>{shown.email}</strong>: <code data-testid="shown-password">{shown.password}</code>
          <span className="muted small"> — shown once; only its hash is stored.</span>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => setShown(null)}>Dismiss</button>
        </div>
      )}
      <ErrorNote error={users.error ?? create.error ?? setRole.error ?? setDisabled.error ?? reset.error ?? unlock.error ?? resetSecondFactor.error} />
      <div className="table-wrap"><table className="table">
        <thead><tr><th>E-mail</th><th>Role</th><th>Status</th><th>2FA</th><th>Last login</th><th /></tr></thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <td>{u.email}</td>
              <td>
                <select value={u.role} disabled={u.id === me.id} onChange={(e) => setRole.mutate({ email: u.email, role: e.target.value as Role })} aria-label={`Role of ${u.email}`}>
                  <option value="VIEWER">viewer</option><option value="OPERATOR">operator</option><option value="ADMIN">admin</option>
                </select>
              </td>
              <td>
                {u.disabledAt ? <Badge tone="muted">disabled</Badge> : <Badge tone="ok">active</Badge>}
                {isLocked(u.lockedUntil) && <> <Badge tone="bad" testId={`locked-${u.email}`}>locked until {fmtTime(u.lockedUntil)}</Badge></>}
              </td>
              <td>{u.totpEnabledAt ? <Badge tone="ok">on</Badge> : <span className="muted">off</span>}</td>
              <td>{fmtTime(u.lastLoginAt)}</td>
              <td className="row-actions">
                <button type="button" className="btn btn-small" onClick={() => reset.mutate({ email: u.email })}>Reset password</button>
                {isLocked(u.lockedUntil) && <button type="button" className="btn btn-small" onClick={() => unlock.mutate({ email: u.email })}>Unlock</button>}
                {u.totpEnabledAt && u.id !== me.id && (
                  <button type="button" className="btn btn-small" onClick={() => { if (window.confirm(`Remove the second factor of ${u.email}? They will log in with the password alone until they enrol again.`)) resetSecondFactor.mutate({ email: u.email }); }}>
                    Reset 2FA
                  </button>
                )}
                {u.id !== me.id && (
                  <button type="button" className="btn btn-small" onClick={() => setDisabled.mutate({ email: u.email, isDisabled: !u.disabledAt })}>
                    {u.disabledAt ? 'Enable' : 'Disable'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table></div>
      <form className="inline-form" onSubmit={onCreate}>
        <input name="email" type="email" placeholder="new.user@example.com" required aria-label="New user e-mail" />
        <select name="role" defaultValue="VIEWER" aria-label="New user role">
          <option value="VIEWER">viewer</option><option value="OPERATOR">operator</option><option value="ADMIN">admin</option>
        </select>
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>Add user</button>
      </form>
    </Card>
  );
}
