import type { ReactNode } from 'react';
import { Badge, Card } from '@/components/ui/card';
import { fmtAgo, fmtTime } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';
import { fmtUs, SYSTEM_THRESHOLDS } from './format';
import { fmtLeaseExpiry } from './lease-format';

type Overview = RouterOutputs['system']['workers'];
type Worker = Overview['workers'][number];
type Lease = Worker['leases'][number];
type SystemView = RouterOutputs['system']['get'];

const STATE_TONE = { alive: 'ok', stale: 'bad', stopped: 'muted' } as const;

function leaseLabel(l: Lease): string {
  if (l.kind === 'account') return l.accountName ?? l.accountId ?? l.resource;
  return l.kind; // coordinator, or member (the worker's presence as a trading worker)
}

/** Account leases first (what the worker trades), then the coordinator, then its presence. */
const KIND_ORDER = { account: 0, coordinator: 1, member: 2 } as const;

function LeaseList({ leases }: { leases: Lease[] }) {
  if (leases.length === 0) return <span className="muted">none</span>;
  return (
    <ul className="lease-list">
      {[...leases].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]).map((l) => (
        <li key={l.resource} data-testid="worker-lease" data-kind={l.kind}>
          <Badge tone={!l.isValid ? 'bad' : l.kind === 'account' ? 'info' : 'muted'}>{leaseLabel(l)}</Badge>{' '}
          <span className="small" title={`acquired ${fmtTime(l.acquiredAt)} · expires ${fmtTime(l.expiresAt)}`}>
            epoch {l.epoch} · <span className={l.isValid ? undefined : 'tone-text-bad'} data-testid="lease-expiry">{fmtLeaseExpiry(l.expiresInMs)}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}

/**
 * One row per worker: its state (stale after three missed beats), roles, heartbeat, the event
 * loop's delay over the newest minute (from the System view) and the leases it holds, each
 * with its epoch and the time left on PostgreSQL's clock.
 */
export function WorkersCard({ overview, system, footer }: { overview: Overview; system: SystemView | undefined; footer?: ReactNode }) {
  const lagOf = (workerId: string) => system?.workers.find((w) => w.workerId === workerId);
  return (
    <Card title="Workers and leases" testId="system-workers">
      {overview.workers.length === 0 ? <p className="muted">No worker has beaten in the last 24 hours. Start one with <code>npm run worker</code>.</p> : (
        <div className="table-wrap"><table className="table">
          <thead><tr><th>Worker</th><th>Status</th><th>Roles</th><th>Last beat</th><th>Loop lag p99 / max (1 min)</th><th>Leases held</th><th>Mode · version · memory</th></tr></thead>
          <tbody>
            {overview.workers.map((w) => {
              const s = lagOf(w.workerId);
              return (
                <tr key={w.workerId} data-testid="worker-row" data-worker-id={w.workerId}>
                  <td><span className="mono">{w.workerId}</span><div className="muted small">{w.hostname} · pid {w.pid}</div></td>
                  <td><Badge tone={STATE_TONE[w.state]} testId="worker-liveness">{w.state}</Badge></td>
                  <td data-testid="worker-roles">{w.roles.length ? w.roles.join(', ') : <span className="muted">—</span>}</td>
                  <td title={`${fmtTime(w.lastBeatAt)} · stale after ${Math.round(w.staleAfterMs / 1000)}s without a beat · beat timer ${w.loopLagMs} ms late`}
                    data-testid="worker-beat-age">{fmtAgo(w.lastBeatAt, overview.now)}</td>
                  <td className={s?.loopLag && s.loopLag.p99Us > SYSTEM_THRESHOLDS.loopLagP99Us ? 'tone-text-bad' : undefined} data-testid="worker-loop-lag">
                    {s?.loopLag ? `${fmtUs(s.loopLag.p99Us)} / ${fmtUs(s.loopLag.maxUs)}` : 'first minute not closed yet'}
                  </td>
                  <td data-testid="worker-leases"><LeaseList leases={w.leases} /></td>
                  <td>{w.mode.toLowerCase()} · {w.version}{s?.rssBytes ? ` · ${Math.round(s.rssBytes / 1_048_576)} MB` : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table></div>
      )}
      {footer}
    </Card>
  );
}
