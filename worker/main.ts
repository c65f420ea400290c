import 'dotenv/config';
import os from 'node:os';
import path from 'node:path';
import { EnvError } from '@/adapters/config/env';
import { createDb } from '@/adapters/db/client';
import { untilDatabaseAnswers } from '@/adapters/db/retry';
import { ALERTS_CHANNEL, CONTROL_CHANNEL } from '@/adapters/db/channels';
import { createLogger } from '@/adapters/logging/logger';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import type { TradingMode } from '@/generated/prisma/enums';
import type { Db } from '@/adapters/db/client';
import type { Logger } from '@/adapters/logging/logger';
import type { WorkerEnv } from '@/adapters/config/env';
import { accountsHeld } from '@/adapters/repo/leases';
import type { ReplayFeed } from './paper/replay-feed';
import { startLeaseManager, type AccountCandidate, type HeldLease } from './leases/lease-manager';
import { startResearchWorker } from './research/research-worker';
import { workerEnv } from './env';
import { startHeartbeat } from './heartbeat';
import { startListener } from '@/adapters/db/listener';
import { processPendingCommands } from './control/process-commands';
import { startRiskMonitor } from './risk-monitor-loop';
import { startPaperLoop } from './paper/paper-loop';
import { loadReplayFeed } from './paper/replay-feed';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { binanceClient, exchangeBaseUrl } from '@/adapters/exchange/binance';
import { loadExchangeFeed } from './paper/exchange-feed';
import { loadActiveKey } from '@/adapters/repo/credentials';
import { raiseAlert } from '@/adapters/repo/alerts';
import { startLiveLoop } from './live/live-loop';
import { advisorFromEnv } from '@/adapters/llm/advisor-from-env';
import { startDeliveryLoop } from './alerts/delivery';
import { startBackupSchedule } from './ops/backup-schedule';
import { startDailyReports } from './ops/daily-report';
import { startSystemMetrics } from './metrics/system-metrics';
import { SystemMetricWindows } from '@/domain/metrics/system-metric-windows';
import { apiAnomalyConfigFrom } from '@/domain/security/api-anomaly';
import { evaluateApiAnomalies } from '@/adapters/repo/api-usage';
import { startAccountMonitor } from './monitor/account-monitor';
import { extremeModeOnVolatility } from './monitor/volatility-response';
import { STRATEGY_NAMES } from '@/domain/strategies/registry';
import pkg from '../package.json' with { type: 'json' };

/**
 * A worker process (docs/scaling.md): heartbeat and system metrics always; with the trading
 * role, account leases and the accounts' loops (paper over replayed or live prices, live on
 * the exchange), the control channel and, on the coordinator, the installation-wide duties;
 * with the research role, backtest sweep jobs. Any number of them share one PostgreSQL.
 * Wiring only; the logic lives in the modules it starts.
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
  // a stop asked for during start-up is honoured once they have: each loop's stop() is then defined
  let stopSignal: string | undefined;
  let onStop = (signal: string) => { stopSignal ??= signal; };
  process.on('SIGINT', () => onStop('SIGINT'));
  process.on('SIGTERM', () => onStop('SIGTERM'));
  const workerId = env.WORKER_ID ?? `${os.hostname()}-${process.pid}`;
  const now = () => new Date();
  // system metrics (docs/monitoring.md): every SQL statement, exchange request and order submission is timed into it
  const systemMetrics = new SystemMetricWindows();
  const { db, close } = createDb(env.DATABASE_URL, {
    onPoolError: (err) => log.warn({ component: 'db', err: err.message }, 'idle database connection lost'),
    onStatement: (us, isError) => systemMetrics.record('db_query', 'statement', us, isError),
  });
  const mode = env.TRADING_MODE.toUpperCase() as TradingMode;
  const isTrading = env.WORKER_ROLES.includes('trading');
  const isResearch = env.WORKER_ROLES.includes('research');
  log.info({ workerId, mode, roles: env.WORKER_ROLES, capitalAllocationCap: env.CAPITAL_ALLOCATION, sandbox: env.EXCHANGE_SANDBOX, llm: env.LLM_ENABLED }, 'worker starting');

  // start-up waits out a database that is restarting (up to 2 minutes) rather than exiting
  const untilDb = <T>(what: string, fn: () => Promise<T>) => untilDatabaseAnswers(what, fn, {
    onWait: (w, err, retryInMs) => log.warn({ component: 'startup', step: w, err, retryInMs }, 'database unreachable; waiting'),
  });
  await untilDb('base data', () => ensureBaseData(db, { now: now(), capitalAllocationCap: env.CAPITAL_ALLOCATION }));
  // a bad REPLAY_DATA (or an exchange that cannot serve PAPER_PRICES=exchange) stops the worker here, before it reports itself alive
  const priceSource = isTrading && mode === 'PAPER' && env.PAPER_PRICES === 'exchange'
    ? await loadExchangeFeed(binanceClient(exchangeBaseUrl(env)), env.LIVE_SYMBOLS, env.LIVE_TIMEFRAME, Date.now())
    : null;
  const feed = mode !== 'PAPER' || !isTrading ? null : priceSource ? priceSource.feed : loadReplayFeed(env.REPLAY_DATA, path.resolve(import.meta.dirname, '..'));
  const heartbeat = startHeartbeat(db, log, { workerId, mode, roles: env.WORKER_ROLES, version: pkg.version, intervalMs: env.HEARTBEAT_INTERVAL_MS, startedAt: now(), now });
  await untilDb('heartbeat', () => heartbeat.start());
  // API usage anomaly rules (docs/security.md): each written window is judged per exchange key
  const anomalyConfig = apiAnomalyConfigFrom(env);
  const metricsLoop = startSystemMetrics(db, log, { workerId, now, recorder: systemMetrics, probeEveryMs: env.HEARTBEAT_INTERVAL_MS,
    onWritten: async (at, accountIds) => { await evaluateApiAnomalies(db, accountIds, at, anomalyConfig); } });

  // the trading role (docs/scaling.md): account leases, their loops, the control channel and,
  // on whichever trading worker holds the coordinator lease, the installation-wide duties
  const trading = isTrading ? await startTrading({ db, log, env, workerId, mode, now, feed, priceSource, metrics: systemMetrics, untilDb }) : null;
  // the research role: backtest sweep jobs from the pg-boss queue, off the event loop
  const research = isResearch ? await untilDb('research queue', () => startResearchWorker(db, log, { databaseUrl: env.DATABASE_URL, workerId, concurrency: env.RESEARCH_CONCURRENCY, now,
    // a run whose worker went silent (ten beats, at least 30 s) goes back to the queue
    orphanAfterMs: Math.max(30_000, 10 * env.HEARTBEAT_INTERVAL_MS) })) : null;
  log.info({ workerId, roles: env.WORKER_ROLES }, 'worker running');

  let isStopping = false;
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    log.info({ signal }, 'worker stopping');
    await trading?.stop();
    await research?.stop();
    await metricsLoop.stop();
    await heartbeat.stop();
    await close();
    log.info('worker stopped');
    process.exit(0);
  };
  onStop = (signal) => void shutdown(signal);
  if (stopSignal) onStop(stopSignal);
}

interface TradingContext {
  db: Db; log: Logger; env: WorkerEnv; workerId: string; mode: TradingMode; now: () => Date;
  feed: ReplayFeed | null; priceSource: Awaited<ReturnType<typeof loadExchangeFeed>> | null; metrics: SystemMetricWindows;
  untilDb: <T>(what: string, fn: () => Promise<T>) => Promise<T>;
}

/**
 * The trading role. Each account is traded by exactly one worker: the one holding its lease.
 * Taking a lease starts the account's loop under the lease's epoch (a live loop reconciles
 * with the exchange before any entry); losing it stops the loop at once.
 */
async function startTrading(c: TradingContext) {
  const { db, log, env, workerId, mode, now, feed, priceSource, untilDb } = c;
  const workerLabel = `worker:${workerId}`;
  // the LLM advisory (off unless LLM_ENABLED=true): advice on each candle's entry signals, never a size or a limit
  const advisor = advisorFromEnv(env, log);
  if (advisor) log.info({ component: 'llm', model: advisor.model, timeoutMs: advisor.timeoutMs, policy: advisor.policy }, 'LLM advisory enabled');
  const loops = new Map<string, { stop(): Promise<unknown>; health?: ReturnType<typeof startLiveLoop>['health'] }>();
  const refusedAlerted = new Set<string>();

  const paperCandidates = async (): Promise<AccountCandidate[]> => (await db.tradingAccount.findMany({
    where: { kind: 'PAPER', isEnabled: true, riskState: { isNot: null } }, select: { id: true }, orderBy: { createdAt: 'asc' } })).map((a) => ({ accountId: a.id }));
  // live mode: every enabled account with an active exchange key (its own apiUrl, else EXCHANGE_API_URL,
  // else Binance's testnet with EXCHANGE_SANDBOX=true, else Binance); a backup goes with its primary
  const liveCandidates = async (): Promise<AccountCandidate[]> => {
    const accounts = await db.tradingAccount.findMany({ where: { isEnabled: true, riskState: { isNot: null }, credentials: { some: { status: 'ACTIVE' } } },
      select: { id: true, name: true, apiUrl: true, backupOfId: true, currentStage: { select: { mode: true, name: true } } }, orderBy: { createdAt: 'asc' } });
    const out: AccountCandidate[] = [];
    for (const a of accounts) {
      // the paper stage trades the sandbox only: real money waits for a promotion
      if (a.currentStage?.mode === 'PAPER' && !env.EXCHANGE_SANDBOX && !a.apiUrl && !env.EXCHANGE_API_URL) {
        if (!refusedAlerted.has(a.id)) {
          refusedAlerted.add(a.id);
          log.error({ component: 'live', accountId: a.id, stage: a.currentStage.name }, 'account is at the paper stage: live trading needs EXCHANGE_SANDBOX=true; not trading it');
          await raiseAlert(db, { severity: 'CRITICAL', code: 'LIVE_REFUSED_PAPER_STAGE', accountId: a.id, dedupKey: `${a.id}:LIVE_REFUSED_PAPER_STAGE`,
            message: `${a.name} is at the paper stage: the worker refuses to trade it on the real exchange (set EXCHANGE_SANDBOX=true, or promote it)`, evidence: { stage: a.currentStage.name } }, now());
        }
        continue;
      }
      out.push({ accountId: a.id, primaryId: a.backupOfId });
    }
    return out.filter((x) => !x.primaryId || out.some((p) => p.accountId === x.primaryId));
  };

  const startAccount = async (accountId: string, lease: HeldLease) => {
    if (mode === 'PAPER' && feed) {
      const a = await db.tradingAccount.findUniqueOrThrow({ where: { id: accountId }, select: { exchange: true } });
      loops.set(accountId, startPaperLoop(db, log, {
        accountId, exchange: a.exchange, feed, speed: env.REPLAY_SPEED, cfg: defaultBacktestConfig({ timeZone: env.DAY_TIME_ZONE }),
        // live prices: trading starts after the newest closed candle; the history only warms the indicators
        start: priceSource ? new Date((priceSource.latest ?? Date.now()) + 1) : env.REPLAY_START,
        source: priceSource?.source, workerLabel, intervalMs: priceSource ? env.LIVE_POLL_INTERVAL_MS : 250, now, metrics: c.metrics, advisor, fence: lease,
      }));
      return;
    }
    const a = await db.tradingAccount.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, name: true, exchange: true, apiUrl: true, backupOfId: true } });
    const primaryHealth = a.backupOfId ? loops.get(a.backupOfId)?.health : undefined;
    if (a.backupOfId && !primaryHealth) throw new Error(`backup account ${a.name}: its primary is not traded by this worker`);
    const key = await loadActiveKey(db, a.id, env.SENTINEL_ENCRYPTION_KEY);
    if (!key) throw new Error(`account ${a.name} has no active exchange key`);
    const exchangeUrl = a.apiUrl ?? exchangeBaseUrl(env);
    const loop = startLiveLoop(db, log, {
      accountId: a.id, exchange: a.exchange, exchangeUrl, symbols: env.LIVE_SYMBOLS, timeframe: env.LIVE_TIMEFRAME, cfg: defaultBacktestConfig({ timeZone: env.DAY_TIME_ZONE }),
      workerLabel, reconcileEveryMs: env.LIVE_RECONCILE_INTERVAL_MS, now, credentials: key, encryptionKey: env.SENTINEL_ENCRYPTION_KEY,
      intervalMs: env.LIVE_POLL_INTERVAL_MS, extremeIntervalMs: env.EXTREME_MONITOR_INTERVAL_MS, lostAfterMs: env.EXCHANGE_LOST_AFTER_MS, timeoutMs: env.EXCHANGE_TIMEOUT_MS, metrics: c.metrics,
      // a backup enters only while its primary's exchange is lost
      entryGate: primaryHealth ? () => (primaryHealth.state.status === 'lost' ? null : 'live_backup_standby') : undefined,
      advisor, fence: lease,
    });
    loops.set(accountId, loop);
    log.info({ component: 'live', accountId: a.id, account: a.name, exchange: exchangeUrl, backupOf: a.backupOfId, epoch: lease.epoch }, 'live trading started');
  };
  const stopAccount = async (accountId: string) => {
    const loop = loops.get(accountId);
    loops.delete(accountId);
    await loop?.stop();
  };

  const coordinator = coordinatorDuties(c);
  const leases = startLeaseManager(db, log, {
    workerId, ttlMs: env.LEASE_TTL_MS, renewEveryMs: env.LEASE_RENEW_INTERVAL_MS, wantsCoordinator: true,
    candidates: mode === 'PAPER' && feed ? paperCandidates : mode === 'LIVE' ? liveCandidates : async () => [],
    onAccountAcquired: startAccount, onAccountLost: stopAccount,
    onCoordinator: async (isHeld) => { if (isHeld) coordinator.start(); else await coordinator.stop(); },
  });

  // control commands: applied by the account's owner (the coordinator takes those nobody owns).
  // Wake-ups coalesce: one pass at a time, and one more if woken during a pass
  const scope = { accountIds: () => leases.heldAccountIds(), includeUnowned: () => leases.isCoordinator() };
  let running: Promise<void> | undefined;
  let isWokenAgain = false;
  const wake = (reason: string) => {
    if (running) { isWokenAgain = true; return; }
    running = (async () => {
      do {
        isWokenAgain = false;
        try {
          const n = await processPendingCommands(db, log, workerId, now, { capitalAllocationCap: env.CAPITAL_ALLOCATION, extremeSizeMultiplier: env.EXTREME_SIZE_MULTIPLIER }, scope);
          if (n) log.debug({ component: 'control', reason, applied: n }, 'commands processed');
        } catch (e) {
          log.warn({ component: 'control', reason, err: (e as Error).message }, 'command pass failed; will retry');
        }
      } while (isWokenAgain);
      running = undefined;
    })();
  };
  await untilDb('leases', () => leases.start());
  const listener = startListener(env.DATABASE_URL, CONTROL_CHANNEL, log, wake);
  const poll = setInterval(() => wake('poll'), env.COMMAND_POLL_INTERVAL_MS);
  wake('startup');
  if (mode === 'PAPER' && feed) {
    log.info({ component: 'paper', accounts: leases.heldAccountIds().length, prices: env.PAPER_PRICES, markets: feed.files,
      ...(priceSource ? { exchange: exchangeBaseUrl(env) } : { speed: env.REPLAY_SPEED, start: env.REPLAY_START.toISOString() }) }, 'paper trading started');
  }
  if (mode === 'LIVE') log.info({ component: 'live', accounts: leases.heldAccountIds().length, symbols: env.LIVE_SYMBOLS, timeframe: env.LIVE_TIMEFRAME }, 'live mode running');

  return {
    leases,
    async stop() {
      clearInterval(poll);
      // every loop stops before its lease is given back: the next owner starts from a quiet account
      await leases.stop();
      await listener.stop();
      await running;
    },
  };
}

/**
 * The installation-wide duties, run by the one trading worker holding the coordinator lease:
 * the alert outbox, the account monitor (high volatility, risk violations, automatic rollback),
 * the wall-clock risk monitor of accounts nobody trades, daily reports and backups.
 */
function coordinatorDuties(c: TradingContext) {
  const { db, log, env, workerId, now, feed } = c;
  let stops: (() => Promise<unknown> | void)[] = [];
  return {
    start() {
      if (stops.length) return;
      // the alert outbox: every channel configured in Settings, woken by each new alert, retried on a timer
      const delivery = startDeliveryLoop(db, log, { encryptionKey: env.SENTINEL_ENCRYPTION_KEY, now, intervalMs: 2000 });
      const alertListener = startListener(env.DATABASE_URL, ALERTS_CHANNEL, log, () => delivery.wake());
      const markets = feed ? feed.series.map((x) => ({ symbol: x.symbol, timeframe: x.timeframe })) : env.LIVE_SYMBOLS.map((symbol) => ({ symbol, timeframe: env.LIVE_TIMEFRAME }));
      const accountMonitor = startAccountMonitor(db, log, { intervalMs: env.ROLLBACK_CHECK_INTERVAL_MS, now, strategySet: STRATEGY_NAMES, markets,
        volatilityThreshold: env.ALERT_VOLATILITY_PERCENTILE, ...(env.EXTREME_ON_HIGH_VOLATILITY ? extremeModeOnVolatility(env.EXTREME_SIZE_MULTIPLIER) : {}) });
      // accounts some worker trades are evaluated by their own pipeline (paper: on the candle clock)
      const riskMonitor = startRiskMonitor(db, log, { workerId, intervalMs: env.HEARTBEAT_INTERVAL_MS, extremeIntervalMs: env.EXTREME_MONITOR_INTERVAL_MS, now,
        skip: async () => new Set((await accountsHeld(db)).keys()) });
      // the daily summary and compliance report at DAILY_SUMMARY_HOUR, and the overdue operations tasks (wall clock)
      const dailyReports = startDailyReports(db, log, { timeZone: env.OPS_TIME_ZONE ?? env.DAY_TIME_ZONE, summaryHour: env.DAILY_SUMMARY_HOUR, now });
      // pg_dump + restore check when the newest good backup is BACKUP_INTERVAL_DAYS old (child processes: trading carries on)
      const backups = startBackupSchedule(db, log, { databaseUrl: env.DATABASE_URL, directory: path.resolve(import.meta.dirname, '..', env.BACKUP_DIR),
        retention: env.BACKUP_RETENTION, intervalDays: env.BACKUP_INTERVAL_DAYS, opsTimeZone: env.OPS_TIME_ZONE ?? env.DAY_TIME_ZONE, workerId, now });
      stops = [() => riskMonitor.stop(), () => accountMonitor.stop(), () => alertListener.stop(), () => delivery.stop(), () => dailyReports.stop(), () => backups.stop()];
    },
    async stop() {
      const s = stops;
      stops = [];
      for (const stop of s) await stop();
    },
  };
}

main().catch((e) => {
  process.stderr.write(`sentinel worker failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
