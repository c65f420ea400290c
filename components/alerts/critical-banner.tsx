'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useUser } from '@/components/layout/user-context';
import { useTRPC } from '@/components/providers/trpc';

/**
 * On every page: the newest open critical alert, until it is acknowledged or resolved. Fixed
 * to the bottom of the window, over the page, so its arrival shifts nothing. Operators
 * acknowledge it here (who and when are kept); the next open one, if any, takes its place.
 */
export function CriticalBanner() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const user = useUser();
  const q = useQuery(trpc.alerts.critical.queryOptions(undefined, { refetchInterval: 2000 }));
  const ack = useMutation(trpc.alerts.acknowledge.mutationOptions({
    onSuccess: () => { void qc.invalidateQueries({ queryKey: trpc.alerts.critical.queryKey() }); void qc.invalidateQueries({ queryKey: trpc.alerts.list.queryKey() }); },
  }));
  const d = q.data;
  if (!d || d.count === 0 || !d.newest) return null;
  const newest = d.newest;
  return (
    <div className="critical-banner" role="alert" data-testid="critical-banner">
      <strong>Critical{d.count > 1 ? ` (${d.count} open)` : ''}:</strong> <span>{newest.message}</span>{' '}
      <Link href="/alerts" className="link">Review alerts →</Link>
      {user.can('OPERATOR') && (
        <button type="button" className="btn btn-ghost btn-small" data-testid="critical-banner-ack" disabled={ack.isPending}
          onClick={() => ack.mutate({ alertId: newest.id })}>{ack.isPending ? 'Acknowledging…' : 'Acknowledge'}</button>
      )}
      {ack.error && <span className="small" role="status"> {ack.error.message}</span>}
    </div>
  );
}
