'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTRPC } from '@/components/providers/trpc';
import { useUser } from '@/components/layout/user-context';
import { Badge, Card, ErrorNote } from '@/components/ui/card';
import { fmtTime } from '@/components/ui/format';
import { AlertChannelForm } from './alert-channel-form';
import { DeliveryBadge } from '@/components/alerts/delivery-badge';

/**
 * Admin: where alerts are sent. Each channel with its public settings (secrets as …last4),
 * its latest delivery (refreshed every 2 s while one is pending), a test button, enable /
 * disable and delete after confirmation.
 */
export function AlertChannelsAdmin() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const me = useUser();
  const [deleting, setDeleting] = useState<string | null>(null);
  const q = useQuery(trpc.alertChannels.list.queryOptions(undefined, {
    enabled: me.can('ADMIN'),
    refetchInterval: (query) => (query.state.data?.some((c) => c.lastDelivery?.status === 'PENDING') ? 2000 : false),
  }));
  const refresh = () => { void qc.invalidateQueries({ queryKey: trpc.alertChannels.list.queryKey() }); };
  const opts = { onSuccess: refresh };
  const setEnabled = useMutation(trpc.alertChannels.setEnabled.mutationOptions(opts));
  const remove = useMutation(trpc.alertChannels.delete.mutationOptions({ onSuccess: () => { setDeleting(null); refresh(); } }));
  const test = useMutation(trpc.alertChannels.sendTest.mutationOptions(opts));
  if (!me.can('ADMIN')) return <Card title="Alert channels"><p className="muted">Only administrators manage alert channels.</p></Card>;
  const channels = q.data ?? [];

  return (
    <Card title="Alert channels" testId="alert-channels">
      <p className="muted small">Each new alert at or above a channel&apos;s minimum severity is sent to it by the worker, retried with backoff. Secrets are stored encrypted; only their last 4 characters are shown.</p>
      <ErrorNote error={q.error ?? setEnabled.error ?? remove.error ?? test.error} />
      {q.data && channels.length === 0 && <p className="muted">No channel yet: alerts show on the dashboard only.</p>}
      {channels.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <thead><tr><th>Channel</th><th>Sends</th><th>Last delivery</th></tr></thead>
            <tbody>
              {channels.map((c) => (
                <tr key={c.id} data-testid="channel-row">
                  <td>
                    <strong>{c.name}</strong> <span className="muted small">{c.kind}</span>
                    <div className="mono small muted">{Object.entries(c.settings).map(([k, v]) => `${k}: ${String(v)}`).join(' · ')}</div>
                    <div className="inline-form">
                      <button type="button" className="btn btn-small" disabled={!c.isEnabled || test.isPending} onClick={() => test.mutate({ channelId: c.id })} data-testid="channel-test">Send test alert</button>
                      <button type="button" className="btn btn-small" disabled={setEnabled.isPending} onClick={() => setEnabled.mutate({ channelId: c.id, isEnabled: !c.isEnabled })}>{c.isEnabled ? 'Disable' : 'Enable'}</button>
                      <button type="button" className="btn btn-small" onClick={() => setDeleting(c.id)} data-testid="channel-delete">Delete</button>
                    </div>
                    {deleting === c.id && (
                      <div className="confirm" role="dialog" aria-label={`Delete ${c.name}`}>
                        <p>Delete <strong>{c.name}</strong>? Its pending deliveries are dropped; the alerts stay.</p>
                        <div className="confirm-actions">
                          <button type="button" className="btn btn-primary" disabled={remove.isPending} onClick={() => remove.mutate({ channelId: c.id })} data-testid="channel-delete-confirm">Delete</button>
                          <button type="button" className="btn" onClick={() => setDeleting(null)}>Cancel</button>
                        </div>
                      </div>
                    )}
                  </td>
                  <td>{c.isEnabled ? <span className="small">{c.minSeverity.toLowerCase()}+</span> : <Badge tone="muted">disabled</Badge>}</td>
                  <td data-testid="channel-last-delivery">{c.lastDelivery
                    ? <><DeliveryBadge d={c.lastDelivery} />{c.lastDelivery.isTest ? <span className="muted small"> test</span> : null}<div className="muted small nowrap">{fmtTime(c.lastDelivery.sentAt ?? c.lastDelivery.createdAt)}</div></>
                    : <span className="muted small">none yet</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {q.data && <AlertChannelForm onAdded={refresh} />}
    </Card>
  );
}
