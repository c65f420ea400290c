import { Badge, Card } from '@/components/ui/card';
import { fmtAgo, fmtTime } from '@/components/ui/format';
import type { RouterOutputs } from '@/components/providers/types';
import { fmtUs, SYSTEM_THRESHOLDS } from './format';

/** Each worker's heartbeat (age, liveness, the beat timer's lag) and its event loop delay over the newest minute. */
export function WorkersCard({ v }: { v: RouterOutputs['system']['get'] }) {
  return (
    <Card title="Workers" testId="system-workers">
      {v.workers.length === 0 ? <p className="muted">No worker has beaten in the last 24 hours. Start one with <code>npm run worker</code>.</p> : (
        <div className="table-wrap"><table className="table">
          <thead><tr><th>Worker</th><th>Status</th><th>Last beat</th><th>Beat lag</th><th>Loop lag p99 / max (1 min)</th><th>Memory</th><th>Mode · version</th></tr></thead>
          <tbody>
            {v.workers.map((w) => (
              <tr key={w.workerId} data-testid="worker-row">
                <td className="mono">{w.workerId}</td>
                <td><Badge tone={w.liveness === 'alive' ? 'ok' : w.liveness === 'stopped' ? 'muted' : 'bad'} testId="worker-liveness">{w.liveness}</Badge></td>
                <td title={fmtTime(w.lastBeatAt)} data-testid="worker-beat-age">{fmtAgo(w.lastBeatAt, v.now)}</td>
                <td>{w.beatLagMs} ms</td>
                <td className={w.loopLag && w.loopLag.p99Us > SYSTEM_THRESHOLDS.loopLagP99Us ? 'tone-text-bad' : undefined} data-testid="worker-loop-lag">
                  {w.loopLag ? `${fmtUs(w.loopLag.p99Us)} / ${fmtUs(w.loopLag.maxUs)}` : 'first minute not closed yet'}
                </td>
                <td>{w.rssBytes === null ? '—' : `${Math.round(w.rssBytes / 1_048_576)} MB`}</td>
                <td>{w.mode.toLowerCase()} · {w.version}</td>
              </tr>
            ))}
          </tbody>
        </table></div>
      )}
    </Card>
  );
}
