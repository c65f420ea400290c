import { Card, Stat } from '@/components/ui/card';
import type { RouterOutputs } from '@/components/providers/types';

type Queue = RouterOutputs['system']['workers']['queue'];

/** The backtest queue (pg-boss, docs/scaling.md): jobs waiting, running, and finished in the last 24 hours. */
export function JobQueueCard({ queue }: { queue: Queue }) {
  return (
    <Card title="Job queue" testId="system-job-queue">
      <div className="status-strip status-strip-4">
        <Stat label="Waiting" testId="queue-waiting" tone={queue.waiting > 0 ? 'info' : undefined} value={queue.waiting} sub="created or retrying" />
        <Stat label="Running" testId="queue-running" tone={queue.running > 0 ? 'ok' : undefined} value={queue.running} sub="taken by a research worker" />
        <Stat label="Failed (24 h)" testId="queue-failed" tone={queue.failed24h > 0 ? 'bad' : undefined} value={queue.failed24h} sub="out of retries" />
        <Stat label="Completed (24 h)" testId="queue-completed" value={queue.completed24h} sub="results on the Research page" />
      </div>
      <p className="muted small" data-testid="queue-note">
        {queue.isInstalled
          ? <>Queue <code>{queue.name}</code> in PostgreSQL (pg-boss). A run whose worker goes silent for 30 s comes back to the queue and is retried by another.</>
          : <>No queue yet: pg-boss creates its tables when the first worker with the research role starts.</>}
      </p>
    </Card>
  );
}
