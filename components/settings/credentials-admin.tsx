'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, type FormEvent } from 'react';
import Link from 'next/link';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';

/** Admin: enter an exchange key once; afterwards only its last 4 characters are ever shown. */
export function CredentialsAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useUser();
  const form = useRef<HTMLFormElement>(null);
  const q = useQuery(trpc.credentials.list.queryOptions(undefined, { enabled: me.can('ADMIN') }));
  const add = useMutation(trpc.credentials.add.mutationOptions({
    onSuccess: () => { form.current?.reset(); void qc.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() }); },
  }));
  const verify = useMutation(trpc.credentials.verify.mutationOptions({
    onSuccess: () => { void qc.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() }); void qc.invalidateQueries({ queryKey: trpc.checklist.get.queryKey() }); },
  }));
  if (!me.can('ADMIN')) return <Card title="Exchange keys"><p className="muted">Only administrators manage exchange keys.</p></Card>;
  const d = q.data;

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const passphrase = String(f.get('passphrase') ?? '').trim();
    add.mutate({ accountId: d!.accountId, apiKey: String(f.get('apiKey') ?? ''), apiSecret: String(f.get('apiSecret') ?? ''), ...(passphrase ? { passphrase } : {}) });
  }

  return (
    <Card title="Exchange keys" testId="credentials">
      {d && <p className="muted small">{d.exchange}{d.isSandbox ? ' (sandbox)' : ''} · give the key trade permission only, never withdrawal. Stored encrypted; after saving only the last 4 characters are shown.</p>}
      <ErrorNote error={q.error} />
      {d && d.keys.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Key</th><th>State</th><th>Added</th><th>Verified</th></tr></thead>
            <tbody>
              {d.keys.map((k) => (
                <tr key={k.id} data-testid="credential-row">
                  <td className="mono">…{k.keyLast4}</td>
                  <td><Badge tone={k.status === 'ACTIVE' ? 'ok' : 'muted'}>{k.status.toLowerCase()}</Badge></td>
                  <td>{fmtTime(k.createdAt)}</td>
                  <td>{k.verifiedAt ? <>{fmtTime(k.verifiedAt)}{k.hasWithdrawPermission ? <> <Badge tone="bad">can withdraw</Badge></> : <> <Badge tone="ok">trade only</Badge></>}</> : <span className="tone-text-warn">not verified</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {d && d.keys.some((k) => k.status === 'ACTIVE') && (
        <div className="inline-form">
          <button type="button" className="btn" data-testid="credential-verify" disabled={verify.isPending} onClick={() => verify.mutate({ accountId: d.accountId })}>
            {verify.isPending ? 'Asking the exchange…' : 'Verify the active key with the exchange'}
          </button>
          {verify.data && <span className="small" role="status">{verify.data.isWorking
            ? `…${verify.data.keyLast4} authenticates${verify.data.canWithdraw === null ? '' : verify.data.canWithdraw ? ' and CAN WITHDRAW: replace it with a trade-only key' : '; withdrawals disabled'}`
            : `…${verify.data.keyLast4} does not authenticate: ${verify.data.error}`}</span>}
          <ErrorNote error={verify.error} />
        </div>
      )}
      {d && (
        <form ref={form} className="form credentials-form" onSubmit={onSubmit} autoComplete="off">
          <label>API key<input name="apiKey" required minLength={8} autoComplete="off" spellCheck={false} data-testid="credential-key" /></label>
          <label>API secret<input name="apiSecret" type="password" required minLength={8} autoComplete="new-password" data-testid="credential-secret" /></label>
          <label>Passphrase (only exchanges that use one)<input name="passphrase" type="password" autoComplete="new-password" /></label>
          <ErrorNote error={add.error} />
          <div><button type="submit" className="btn btn-primary" disabled={add.isPending} data-testid="credential-save">{d.keys.some((k) => k.status === 'ACTIVE') ? 'Replace the active key' : 'Save key'}</button></div>
        </form>
      )}
      <p className="small">Risk limits: <Link className="link" href="/risk">Risk page</Link> (administrators may tighten them).</p>
    </Card>
  );
}
