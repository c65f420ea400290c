import type PgBoss from 'pg-boss';
import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { requeueOrphanedRun, runsOfDeadWorkers } from '@/adapters/repo/backtest-runs';

/**
 * A research worker that dies mid-run leaves its job active until pg-boss's expiry (minutes).
 * Every research worker also watches the others' heartbeats: a run held by a worker silent for
 * `staleAfterMs` is handed back to the queue at once. Heartbeats come from the worker's main
 * thread, which a backtest (in its own thread) never blocks, so silence means the process is
 * gone or frozen, not busy.
 */
export function startOrphanRequeue(db: Db, boss: PgBoss, log: Logger, o: { everyMs: number; staleAfterMs: number }) {
  let pass: Promise<void> | undefined;
  const run = async () => {
    try {
      for (const orphan of await runsOfDeadWorkers(db, o.staleAfterMs)) {
        if (await requeueOrphanedRun(db, boss, orphan)) log.warn({ runId: orphan.runId, jobId: orphan.jobId, deadWorker: orphan.workerId }, 'backtest run of a silent worker handed back to the queue');
      }
    } catch (e) {
      log.warn({ err: (e as Error).message }, 'checking for runs of silent workers failed; next pass retries');
    }
  };
  const timer = setInterval(() => { pass ??= run().finally(() => { pass = undefined; }); }, o.everyMs);
  return {
    async stop() { clearInterval(timer); await pass; },
  };
}
