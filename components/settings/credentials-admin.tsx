'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, type FormEvent } from 'react';
import Link from 'next/link';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';

type KeyRow = { id: string; keyLast4: string; status: string; createdAt: Date; retiredAt: Date | null; verifiedAt: Date | null; hasWithdrawPermission: boolean | null };

/** What the exchange said the key may do: the only permission that matters here is withdrawal. */
function Permissions({ k }: { k: KeyRow }) {
  if (!k.verifiedAt) return <span className="tone-text-warn">not verified</span>;
  if (k.hasWithdrawPermission === true) return <Badge tone="bad">can withdraw</Badge>;
  if (k.hasWithdrawPermission === false) return <Badge tone="ok">trade only</Badge>;
  return <span className="tone-text-warn">unknown</span>;
}

/** Read a key form: trimmed values, the optional passphrase left out when empty. */
function keyFields(form: HTMLFormElement) {
  const f = new FormData(form);
  const passphrase = String(f.get('passphrase') ?? '').trim();
  return { apiKey: String(f.get('apiKey') ?? ''), apiSecret: String(f.get('apiSecret') ?? ''), ...(passphrase ? { passphrase } : {}) };
}

/**
 * Admin: enter an exchange key once; afterwards only its last 4 characters are ever shown.
 * With a key in place the form rotates it: the server checks the new key with the exchange
 * and swaps it in only if it works; the retired keys stay listed as history.
 */
export function CredentialsAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useUser();
  const form = useRef<HTMLFormElement>(null);
  const q = useQuery(trpc.credentials.list.queryOptions(undefined, { enabled: me.can('ADMIN') }));
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: trpc.credentials.list.queryKey() });
    void qc.invalidateQueries({ queryKey: trpc.checklist.get.queryKey() });
  };
  const add = useMutation(trpc.credentials.add.mutationOptions({ onSuccess: () => { form.current?.reset(); refresh(); } }));
  const rotate = useMutation(trpc.credentials.rotate.mutationOptions({ onSuccess: () => { form.current?.reset(); refresh(); } }));
  const verify = useMutation(trpc.credentials.verify.mutationOptions({ onSuccess: refresh }));
  if (!me.can('ADMIN')) return <Card title="Exchange keys"><p className="muted">Only administrators manage exchange keys.</p></Card>;
  const d = q.data;
  const active = d?.keys.find((k) => k.status === 'ACTIVE');
  const retired = d?.keys.filter((k) => k.status !== 'ACTIVE') ?? [];

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const input = { accountId: d!.accountId, ...keyFields(e.currentTarget) };
    if (active) rotate.mutate(input);
    else add.mutate(input);
  }

  return (
    <Card title="Exchange keys" testId="credentials">
      {d && <p className="muted small">{d.exchange}{d.isSandbox ? ' (sandbox)' : ''} · give the key trade permission only, never withdrawal: a key that can withdraw blocks every stage beyond paper. Stored encrypted; after saving only the last 4 characters are shown.</p>}
      <ErrorNote error={q.error} />
      {d && d.keys.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Key</th><th>State</th><th>Added</th><th>Verified</th><th>Permissions</th><th>Retired</th></tr></thead>
            <tbody>
              {[...(active ? [active] : []), ...retired].map((k) => (
                <tr key={k.id} data-testid="credential-row" data-status={k.status.toLowerCase()}>
                  <td className="mono" data-testid="credential-last4">…{k.keyLast4}</td>
                  <td><Badge tone={k.status === 'ACTIVE' ? 'ok' : 'muted'}>{k.status.toLowerCase()}</Badge></td>
                  <td>{fmtTime(k.createdAt)}</td>
                  <td>{k.verifiedAt ? fmtTime(k.verifiedAt) : '—'}</td>
                  <td><Permissions k={k} /></td>
                  <td>{k.retiredAt ? fmtTime(k.retiredAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {active && (
        <div className="inline-form">
          <button type="button" className="btn" data-testid="credential-verify" disabled={verify.isPending} onClick={() => verify.mutate({ accountId: d!.accountId })}>
            {verify.isPending ? 'Asking the exchange…' : 'Verify the active key with the exchange'}
          </button>
          {verify.data && <span className="small" role="status">{verify.data.isWorking
            ? `…${verify.data.keyLast4} authenticates${verify.data.canWithdraw === null ? '' : verify.data.canWithdraw ? ' and CAN WITHDRAW: rotate it to a trade-only key' : '; withdrawals disabled'}`
            : `…${verify.data.keyLast4} does not authenticate: ${verify.data.error}`}</span>}
          <ErrorNote error={verify.error} />
        </div>
      )}
      {d && (
        <form ref={form} className="form credentials-form" onSubmit={onSubmit} autoComplete="off" data-testid={active ? 'credential-rotate-form' : 'credential-add-form'}>
          {active && <p className="small">Rotate: enter the new key. It is checked with the exchange first; only if it authenticates and its permissions can be read does it replace …{active.keyLast4} (retired, kept in the history). The worker switches to it on its next pass.</p>}
          <label>{active ? 'New API key' : 'API key'}<input name="apiKey" required minLength={8} autoComplete="off" spellCheck={false} data-testid="credential-key" /></label>
          <label>{active ? 'New API secret' : 'API secret'}<input name="apiSecret" type="password" required minLength={8} autoComplete="new-password" data-testid="credential-secret" /></label>
          <label>Passphrase (only exchanges that use one)<input name="passphrase" type="password" autoComplete="new-password" /></label>
          <ErrorNote error={active ? rotate.error : add.error} />
          {rotate.data && <p className="small" role="status" data-testid="credential-rotated">…{rotate.data.keyLast4} is active (verified{rotate.data.canWithdraw ? ', CAN WITHDRAW: promotion beyond paper stays blocked' : ', trade only'}); …{rotate.data.retiredKeyLast4} retired.</p>}
          <div>
            <button type="submit" className="btn btn-primary" disabled={add.isPending || rotate.isPending} data-testid={active ? 'credential-rotate' : 'credential-save'}>
              {active ? (rotate.isPending ? 'Verifying with the exchange…' : 'Verify and rotate') : 'Save key'}
            </button>
          </div>
        </form>
      )}
      <p className="small">Risk limits: <Link className="link" href="/risk">Risk page</Link> (administrators may tighten them).</p>
    </Card>
  );
}
