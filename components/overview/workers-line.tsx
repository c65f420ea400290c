'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * One line under the status strip: live workers, accounts under a lease, the backtest queue's
 * depth; accounts nobody trades in the warning colour. It keeps its height while loading so
 * the Overview does not shift (CLS 0). Details on the System page.
 */
export function WorkersLine() {
  const trpc = useTRPC();
  const q = useQuery(trpc.system.workers.queryOptions(undefined, { refetchInterval: 5000, refetchIntervalInBackground: false }));
  const v = q.data;
  return (
    <p className="muted small" data-testid="workers-line">
      <Link href="/system">
        {!v ? 'Workers …' : `${plural(v.summary.aliveWorkers, 'worker', 'workers')} · ${v.summary.accountsLeased} of ${plural(v.summary.accountsToTrade, 'account', 'accounts')} leased · queue depth ${v.queue.waiting + v.queue.running}`}
      </Link>
      {v && v.orphans.length > 0 && <span className="tone-text-warn" data-testid="workers-line-orphans"> · {plural(v.orphans.length, 'account', 'accounts')} nobody trades</span>}
    </p>
  );
}
