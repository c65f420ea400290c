'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTRPC } from '@/components/providers/trpc';

/** On every page: the newest open critical alert, until it is acknowledged or resolved. Fixed to the bottom of the window, over the page, so its arrival shifts nothing. */
export function CriticalBanner() {
  const trpc = useTRPC();
  const q = useQuery(trpc.alerts.critical.queryOptions(undefined, { refetchInterval: 2000 }));
  const d = q.data;
  if (!d || d.count === 0 || !d.newest) return null;
  return (
    <div className="critical-banner" role="alert" data-testid="critical-banner">
      <strong>Critical{d.count > 1 ? ` (${d.count} open)` : ''}:</strong> <span>{d.newest.message}</span>{' '}
      <Link href="/alerts" className="link">Review alerts →</Link>
    </div>
  );
}
