import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import { monitorIntervalMs } from '@/domain/control/monitor-interval';
import { startAdaptiveLoop } from './adaptive-loop';
import { monitorRiskState } from './pipeline/monitor-risk';

/**
 * Re-evaluates every enabled account's risk state each interval, on the wall clock; one
 * pass at a time. Accounts in `skip` are evaluated by their pipeline on its own clock
 * (paper replay runs on candle time: the wall clock would start its trading days wrongly);
 * with several workers, `skip` is read each pass: every account some worker holds a lease on.
 * While an account it evaluates is in extreme market mode, passes come every `extremeIntervalMs`.
 */
export function startRiskMonitor(db: Db, log: Logger, o: { workerId: string; intervalMs: number; extremeIntervalMs: number; now: () => Date; skip?: ReadonlySet<string> | (() => Promise<ReadonlySet<string>>) }) {
  let isFailing = false;
  let isExtremeMode = false;
  const pass = async () => {
    try {
      const accounts = await db.tradingAccount.findMany({ where: { isEnabled: true, riskState: { isNot: null } }, select: { id: true, riskState: { select: { isExtremeMode: true } } } });
      const skip = typeof o.skip === 'function' ? await o.skip() : o.skip;
      const mine = accounts.filter((a) => !skip?.has(a.id));
      isExtremeMode = mine.some((a) => a.riskState?.isExtremeMode);
      for (const a of mine) {
        const ev = await monitorRiskState(db, a.id, o.now(), `worker:${o.workerId}`);
        for (const e of ev.events) log.warn({ component: 'risk', accountId: a.id, event: e.event, from: e.from, to: e.to, drawdown: e.drawdown, dayLoss: e.dayLoss }, 'risk state changed');
      }
      isFailing = false;
    } catch (e) {
      if (!isFailing) log.warn({ component: 'risk', err: (e as Error).message }, 'risk monitor pass failed; retrying');
      isFailing = true;
    }
  };
  const loop = startAdaptiveLoop(pass, () => monitorIntervalMs(isExtremeMode, { normalMs: o.intervalMs, extremeMs: o.extremeIntervalMs }), { firstDelayMs: 0 });
  return { stop: () => loop.stop() };
}
