import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import type { SystemMetricSink } from '@/domain/metrics/system-metric-windows';
import { isFenced } from '@/worker/leases/fence';
import { PaperRunner, type PaperOptions } from './paper-runner';

/**
 * Drives one account's paper replay: a tick every `intervalMs`, one at a time. A failed
 * tick (database gone, a bug) is logged, its transaction rolled back, and the next pass
 * rebuilds the runner from PostgreSQL, so memory never drifts from the rows.
 */
export function startPaperLoop(db: Db, log: Logger, o: PaperOptions & { intervalMs: number; now: () => Date; metrics?: SystemMetricSink }) {
  let runner: PaperRunner | null = null;
  let pass: Promise<void> | null = null;
  let isFailing = false;
  let isDoneLogged = false;
  let isFencedOut = false;
  const run = async () => {
    if (isFencedOut) return;
    try {
      if (!runner) {
        runner = await PaperRunner.open(db, o, o.now());
        log.info({ component: 'paper', accountId: o.accountId, speed: o.speed, files: o.feed.files.length, positions: runner.state.positions.length },
          'paper replay resumed from the database');
      }
      const started = performance.now();
      const r = await runner.tick(o.now());
      // the simulated broker fills inside the tick's transaction: its duration is what a paper order waited
      for (const purpose of r.fills) o.metrics?.record('order_submit', `paper ${purpose}`, (performance.now() - started) * 1000, false);
      if (r.steps) log.debug({ component: 'paper', steps: r.steps, cursor: r.cursor ? new Date(r.cursor).toISOString() : null, trades: r.trades }, 'paper tick');
      if (r.trades) log.info({ component: 'paper', accountId: o.accountId, closed: r.trades, equity: runner.state.cash }, 'paper trades closed');
      if (r.isDone && !isDoneLogged) { isDoneLogged = true; log.info({ component: 'paper', accountId: o.accountId }, 'paper replay reached the end of its data; open positions stay open'); }
      isFailing = false;
    } catch (e) {
      if (isFenced(e)) {
        // another worker owns the account now: this one stops at once and never rebuilds
        isFencedOut = true;
        clearInterval(timer);
        log.error({ component: 'paper', accountId: o.accountId, err: (e as Error).message }, 'account lease lost: paper trading of this account stopped on this worker');
        return;
      }
      if (!isFailing) log.warn({ component: 'paper', accountId: o.accountId, err: (e as Error).message }, 'paper tick failed; rebuilding from the database');
      isFailing = true;
      runner = null;
    }
  };
  const timer = setInterval(() => { if (!pass) pass = run().finally(() => { pass = null; }); }, o.intervalMs);
  return {
    async stop() {
      clearInterval(timer);
      await pass;
    },
  };
}
