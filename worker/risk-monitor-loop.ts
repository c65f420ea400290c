import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { monitorRiskState } from './pipeline/monitor-risk';

/**
 * Re-evaluates every enabled account's risk state each interval, on the wall clock; one
 * pass at a time. Accounts in `skip` are evaluated by their pipeline on its own clock
 * (paper replay runs on candle time: the wall clock would start its trading days wrongly).
 */
export function startRiskMonitor(db: Db, log: Logger, o: { workerId: string; intervalMs: number; now: () => Date; skip?: ReadonlySet<string> }) {
  let isRunning = false;
  let isFailing = false;
  const pass = async () => {
    if (isRunning) return;
    isRunning = true;
    try {
      const accounts = await db.tradingAccount.findMany({ where: { isEnabled: true, riskState: { isNot: null } }, select: { id: true } });
      for (const a of accounts) {
        if (o.skip?.has(a.id)) continue;
        const ev = await monitorRiskState(db, a.id, o.now(), `worker:${o.workerId}`);
        for (const e of ev.events) log.warn({ component: 'risk', accountId: a.id, event: e.event, from: e.from, to: e.to, drawdown: e.drawdown, dayLoss: e.dayLoss }, 'risk state changed');
      }
      isFailing = false;
    } catch (e) {
      if (!isFailing) log.warn({ component: 'risk', err: (e as Error).message }, 'risk monitor pass failed; retrying');
      isFailing = true;
    } finally {
      isRunning = false;
    }
  };
  const timer = setInterval(() => void pass(), o.intervalMs);
  void pass();
  return { stop: () => clearInterval(timer), pass };
}
