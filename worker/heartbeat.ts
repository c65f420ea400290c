import os from 'node:os';
import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import type { TradingMode } from '@/generated/prisma/enums';

export interface HeartbeatOptions {
  workerId: string;
  mode: TradingMode;
  /** trading and/or research (WORKER_ROLES) */
  roles: string[];
  version: string;
  intervalMs: number;
  startedAt: Date;
  now: () => Date;
}

/**
 * Writes the worker's heartbeat row every interval, with the event-loop lag seen by
 * the timer (how late it fired). A failed write (database down) is logged and the
 * next beat tries again: the dashboard shows the worker stale meanwhile.
 */
export function startHeartbeat(db: Db, log: Logger, o: HeartbeatOptions) {
  let timer: NodeJS.Timeout | undefined;
  let expectedAt = Date.now();
  let isFailing = false;
  const beat = async (isStopping = false) => {
    const lagMs = Math.max(0, Date.now() - expectedAt);
    const now = o.now();
    const row = {
      hostname: os.hostname(), pid: process.pid, mode: o.mode, roles: o.roles, version: o.version, startedAt: o.startedAt,
      lastBeatAt: now, loopLagMs: lagMs, isStopping, details: { rssBytes: process.memoryUsage().rss, uptimeS: Math.round(process.uptime()), heartbeatIntervalMs: o.intervalMs },
    };
    try {
      await db.workerHeartbeat.upsert({ where: { workerId: o.workerId }, create: { workerId: o.workerId, ...row }, update: row });
      if (isFailing) log.info({ component: 'heartbeat' }, 'heartbeat restored');
      isFailing = false;
    } catch (e) {
      if (!isFailing) log.warn({ component: 'heartbeat', err: (e as Error).message }, 'heartbeat write failed; retrying');
      isFailing = true;
    }
  };
  const schedule = () => {
    expectedAt = Date.now() + o.intervalMs;
    timer = setTimeout(async () => { await beat(); if (timer) schedule(); }, o.intervalMs);
  };
  return {
    async start() { await beat(); schedule(); },
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await beat(true);
    },
  };
}
