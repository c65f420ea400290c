'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/providers/trpc';
import { ErrorNote } from '@/components/ui/card';
import type { RouterOutputs } from '@/components/providers/types';
import { WorkersCard } from './workers-card';
import { JobQueueCard } from './job-queue-card';
import { fmtLeaseExpiry, fmtSpan } from './lease-format';

type Overview = RouterOutputs['system']['workers'];

const ORPHAN_WHY = {
  'expired': (o: Overview['orphans'][number]) => `lease expired ${fmtSpan(o.orphanedForMs ?? 0)} ago (last held by ${o.lastOwnerId}, epoch ${o.epoch})`,
  'released': (o: Overview['orphans'][number]) => `released ${fmtSpan(o.orphanedForMs ?? 0)} ago by ${o.lastOwnerId}, waiting for a new owner`,
  'never-leased': () => 'no worker has taken it yet',
} as const;

/**
 * Accounts nobody trades right now: no order is placed and no position managed by the bot
 * until a trading worker takes the lease over (the positions' resting stops stay on the
 * exchange). Shown above everything else in the section.
 */
function Orphans({ overview }: { overview: Overview }) {
  if (overview.orphans.length === 0) return null;
  const anyTrader = overview.workers.some((w) => w.state === 'alive' && w.roles.includes('trading'));
  return (
    <div className="callout-warn" role="status" data-testid="orphaned-accounts">
      <strong>{overview.orphans.length === 1 ? '1 account' : `${overview.orphans.length} accounts`} nobody trades right now</strong>
      <ul>
        {overview.orphans.map((o) => (
          <li key={o.accountId} data-testid="orphaned-account"><strong>{o.accountName}</strong>: {ORPHAN_WHY[o.reason](o)}</li>
        ))}
      </ul>
      <span className="small">{anyTrader
        ? 'A live trading worker takes each over within a few seconds and reconciles with the exchange before any new order.'
        : 'No trading worker is alive: start one (npm run worker with the trading role). Resting stops stay on the exchange meanwhile.'}</span>
    </div>
  );
}

/** Who runs the installation-wide duties: alert delivery, the account monitor, daily reports, backups. */
function Coordinator({ overview }: { overview: Overview }) {
  const c = overview.coordinator;
  if (c?.isValid) {
    return <p className="muted small" data-testid="coordinator">Coordinator: <span className="mono">{c.ownerId}</span> (epoch {c.epoch}, {fmtLeaseExpiry(c.expiresInMs)}) runs alert delivery, the account monitor, daily reports and backups.</p>;
  }
  if (overview.workers.length === 0) return null;
  return (
    <p className="tone-text-warn small" data-testid="coordinator">
      No coordinator{c ? ` since its lease ${fmtLeaseExpiry(c.expiresInMs)} (last ${c.ownerId})` : ''}: alert delivery, daily reports and backups wait until a worker takes the lease.
    </p>
  );
}

/** The System page's workers, their leases and heartbeats, and the job queue; refreshed every 2 s (a lease lives 6 s). */
export function WorkersSection({ system }: { system: RouterOutputs['system']['get'] | undefined }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.system.workers.queryOptions(undefined, { refetchInterval: 2000 }));
  if (!q.data) return <><ErrorNote error={q.error} />{q.isPending && <p className="muted">Loading…</p>}</>;
  return (
    <>
      <ErrorNote error={q.error} />
      <Orphans overview={q.data} />
      <WorkersCard overview={q.data} system={system} footer={<Coordinator overview={q.data} />} />
      <JobQueueCard queue={q.data.queue} />
    </>
  );
}
