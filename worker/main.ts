import 'dotenv/config';
import os from 'node:os';
import { EnvError } from '@/adapters/config/env';
import { createDb } from '@/adapters/db/client';
import { CONTROL_CHANNEL } from '@/adapters/db/channels';
import { createLogger } from '@/adapters/logging/logger';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import type { TradingMode } from '@/generated/prisma/enums';
import { workerEnv } from './env';
import { startHeartbeat } from './heartbeat';
import { startListener } from './control/listener';
import { processPendingCommands } from './control/process-commands';
import { startRiskMonitor } from './risk-monitor-loop';
import pkg from '../package.json' with { type: 'json' };

/**
 * The trading worker: heartbeat, control channel (LISTEN + poll fallback) and, from
 * issue 5 on, the pipeline. Wiring only; the logic lives in the modules it starts.
 */
async function main() {
  let env;
  try {
    env = workerEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`sentinel worker: ${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const log = createLogger('sentinel-worker', env.LOG_LEVEL);
  const workerId = env.WORKER_ID ?? `${os.hostname()}-${process.pid}`;
  const now = () => new Date();
  const { db, close } = createDb(env.DATABASE_URL, {
    onPoolError: (err) => log.warn({ component: 'db', err: err.message }, 'idle database connection lost'),
  });
  const mode = env.TRADING_MODE.toUpperCase() as TradingMode;
  log.info({ workerId, mode, capitalAllocationCap: env.CAPITAL_ALLOCATION, sandbox: env.EXCHANGE_SANDBOX, llm: env.LLM_ENABLED }, 'worker starting');

  await ensureBaseData(db, { now: now(), capitalAllocationCap: env.CAPITAL_ALLOCATION });
  const heartbeat = startHeartbeat(db, log, { workerId, mode, version: pkg.version, intervalMs: env.HEARTBEAT_INTERVAL_MS, startedAt: now(), now });
  await heartbeat.start();

  // Coalesce wake-ups: one pass at a time, and one more if woken during a pass.
  let running: Promise<void> | undefined;
  let isWokenAgain = false;
  const wake = (reason: string) => {
    if (running) { isWokenAgain = true; return; }
    running = (async () => {
      do {
        isWokenAgain = false;
        try {
          const n = await processPendingCommands(db, log, workerId, now);
          if (n) log.debug({ component: 'control', reason, applied: n }, 'commands processed');
        } catch (e) {
          log.warn({ component: 'control', reason, err: (e as Error).message }, 'command pass failed; will retry');
        }
      } while (isWokenAgain);
      running = undefined;
    })();
  };
  const listener = startListener(env.DATABASE_URL, CONTROL_CHANNEL, log, wake);
  const riskMonitor = startRiskMonitor(db, log, { workerId, intervalMs: env.HEARTBEAT_INTERVAL_MS, now });
  const poll = setInterval(() => wake('poll'), env.COMMAND_POLL_INTERVAL_MS);
  wake('startup');
  log.info({ workerId }, 'worker running');

  let isStopping = false;
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    log.info({ signal }, 'worker stopping');
    clearInterval(poll);
    riskMonitor.stop();
    await listener.stop();
    await running;
    await heartbeat.stop();
    await close();
    log.info('worker stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((e) => {
  process.stderr.write(`sentinel worker failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
