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
 * The trading worker: heartbeat, control channel (LISTEN + poll fallback), the risk
 * monitor and, in paper mode, the pipeline over replayed candles. Wiring only; the logic
 * lives in the modules it starts.
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
  log.info({ workerId, mode, capitalAllocationCap: env.CAPITAL_ALLOCATION, sandbox: env.EXCHANGE_SANDBOX, llm: env.LLM_ENABLED }, 'worker starting');

  // start-up waits out a database that is restarting (up to 2 minutes) rather than exiting
  const untilDb = <T>(what: string, fn: () => Promise<T>) => untilDatabaseAnswers(what, fn, {
    onWait: (w, err, retryInMs) => log.warn({ component: 'startup', step: w, err, retryInMs }, 'database unreachable; waiting'),
  });
  await untilDb('base data', () => ensureBaseData(db, { now: now(), capitalAllocationCap: env.CAPITAL_ALLOCATION }));
  // a bad REPLAY_DATA (or an exchange that cannot serve PAPER_PRICES=exchange) stops the worker here, before it reports itself alive
  const priceSource = mode === 'PAPER' && env.PAPER_PRICES === 'exchange'
    ? await loadExchangeFeed(binanceClient(exchangeBaseUrl(env)), env.LIVE_SYMBOLS, env.LIVE_TIMEFRAME, Date.now())
    : null;
  const feed = mode !== 'PAPER' ? null : priceSource ? priceSource.feed : loadReplayFeed(env.REPLAY_DATA, path.resolve(import.meta.dirname, '..'));
  const heartbeat = startHeartbeat(db, log, { workerId, mode, version: pkg.version, intervalMs: env.HEARTBEAT_INTERVAL_MS, startedAt: now(), now });
  await untilDb('heartbeat', () => heartbeat.start());
  // API usage anomaly rules (docs/security.md): each written window is judged per exchange key
  const anomalyConfig = apiAnomalyConfigFrom(env);
  const metricsLoop = startSystemMetrics(db, log, { workerId, now, recorder: systemMetrics, probeEveryMs: env.HEARTBEAT_INTERVAL_MS,
    onWritten: async (at, accountIds) => { await evaluateApiAnomalies(db, accountIds, at, anomalyConfig); } });

  // Coalesce wake-ups: one pass at a time, and one more if woken during a pass.
  let running: Promise<void> | undefined;
  let isWokenAgain = false;
  const wake = (reason: string) => {
    if (running) { isWokenAgain = true; return; }
    running = (async () => {
      do {
        isWokenAgain = false;
        try {
          const n = await processPendingCommands(db, log, workerId, now, { capitalAllocationCap: env.CAPITAL_ALLOCATION, extremeSizeMultiplier: env.EXTREME_SIZE_MULTIPLIER });
          if (n) log.debug({ component: 'control', reason, applied: n }, 'commands processed');
        } catch (e) {
          log.warn({ component: 'control', reason, err: (e as Error).message }, 'command pass failed; will retry');
        }
      } while (isWokenAgain);
      running = undefined;
    })();
  };
  const listener = startListener(env.DATABASE_URL, CONTROL_CHANNEL, log, wake);
  // paper mode: each paper account replays candles through the pipeline, which also runs its
  // risk tiers on the candle clock; the wall-clock monitor covers the other accounts
  // the LLM advisory (off unless LLM_ENABLED=true): advice on each candle's entry signals, never a size or a limit
  const advisor = advisorFromEnv(env, log);
  if (advisor) log.info({ component: 'llm', model: advisor.model, timeoutMs: advisor.timeoutMs, policy: advisor.policy }, 'LLM advisory enabled');
  const paperLoops: ReturnType<typeof startPaperLoop>[] = [];
  const replayed = new Set<string>();
  if (feed) {
    const accounts = await untilDb('paper accounts', () => db.tradingAccount.findMany({ where: { kind: 'PAPER', isEnabled: true, riskState: { isNot: null } }, select: { id: true, exchange: true } }));
    for (const a of accounts) {
      replayed.add(a.id);
      paperLoops.push(startPaperLoop(db, log, {
        accountId: a.id, exchange: a.exchange, feed, speed: env.REPLAY_SPEED, cfg: defaultBacktestConfig({ timeZone: env.DAY_TIME_ZONE }),
        // live prices: trading starts after the newest closed candle; the history only warms the indicators
        start: priceSource ? new Date((priceSource.latest ?? Date.now()) + 1) : env.REPLAY_START,
        source: priceSource?.source, workerLabel: `worker:${workerId}`, intervalMs: priceSource ? env.LIVE_POLL_INTERVAL_MS : 250, now, metrics: systemMetrics, advisor,
      }));
    }
    log.info({ component: 'paper', accounts: accounts.length, prices: env.PAPER_PRICES, markets: feed.files, ...(priceSource ? { exchange: exchangeBaseUrl(env) } : { speed: env.REPLAY_SPEED, start: env.REPLAY_START.toISOString() }) }, 'paper trading started');
  }
  // live mode: every enabled account with an active exchange key trades on the exchange
  // (its own apiUrl, else EXCHANGE_API_URL, else Binance's testnet with EXCHANGE_SANDBOX=true, else Binance)
  const liveLoops: ReturnType<typeof startLiveLoop>[] = [];
  if (mode === 'LIVE') {
    const accounts = await untilDb('live accounts', () => db.tradingAccount.findMany({ where: { isEnabled: true, riskState: { isNot: null }, credentials: { some: { status: 'ACTIVE' } } },
      select: { id: true, name: true, exchange: true, apiUrl: true, backupOfId: true, currentStage: { select: { mode: true, name: true } } }, orderBy: { createdAt: 'asc' } }));
    const healthOf = new Map<string, ReturnType<typeof startLiveLoop>['health']>();
    // primaries first: a backup's gate reads its primary's connectivity
    for (const a of [...accounts.filter((x) => !x.backupOfId), ...accounts.filter((x) => x.backupOfId)]) {
      const exchangeUrl = a.apiUrl ?? exchangeBaseUrl(env);
      // the paper stage trades the sandbox only: real money waits for a promotion
      if (a.currentStage?.mode === 'PAPER' && !env.EXCHANGE_SANDBOX && !a.apiUrl && !env.EXCHANGE_API_URL) {
        log.error({ component: 'live', accountId: a.id, stage: a.currentStage.name }, 'account is at the paper stage: live trading needs EXCHANGE_SANDBOX=true; not trading it');
        await untilDb('alert', () => raiseAlert(db, { severity: 'CRITICAL', code: 'LIVE_REFUSED_PAPER_STAGE', accountId: a.id, dedupKey: `${a.id}:LIVE_REFUSED_PAPER_STAGE`,
          message: `${a.name} is at the paper stage: the worker refuses to trade it on the real exchange (set EXCHANGE_SANDBOX=true, or promote it)`, evidence: { stage: a.currentStage!.name } }, now()));
        continue;
      }
      const primaryHealth = a.backupOfId ? healthOf.get(a.backupOfId) : undefined;
      if (a.backupOfId && !primaryHealth) {
        log.error({ component: 'live', accountId: a.id, primary: a.backupOfId }, 'backup account without its primary in this worker: not trading it');
        continue;
      }
      const key = await untilDb('exchange key', () => loadActiveKey(db, a.id, env.SENTINEL_ENCRYPTION_KEY));
      if (!key) continue;
      replayed.add(a.id);
      const loop = startLiveLoop(db, log, {
        accountId: a.id, exchange: a.exchange, exchangeUrl, symbols: env.LIVE_SYMBOLS, timeframe: env.LIVE_TIMEFRAME, cfg: defaultBacktestConfig({ timeZone: env.DAY_TIME_ZONE }),
        workerLabel: `worker:${workerId}`, reconcileEveryMs: env.LIVE_RECONCILE_INTERVAL_MS, now, credentials: key, encryptionKey: env.SENTINEL_ENCRYPTION_KEY,
        intervalMs: env.LIVE_POLL_INTERVAL_MS, extremeIntervalMs: env.EXTREME_MONITOR_INTERVAL_MS, lostAfterMs: env.EXCHANGE_LOST_AFTER_MS, timeoutMs: env.EXCHANGE_TIMEOUT_MS, metrics: systemMetrics,
        // a backup enters only while its primary's exchange is lost
        entryGate: primaryHealth ? () => (primaryHealth.state.status === 'lost' ? null : 'live_backup_standby') : undefined,
        advisor,
      });
      healthOf.set(a.id, loop.health);
      liveLoops.push(loop);
      log.info({ component: 'live', accountId: a.id, account: a.name, exchange: exchangeUrl, backupOf: a.backupOfId }, 'live trading started');
    }
    log.info({ component: 'live', accounts: liveLoops.length, symbols: env.LIVE_SYMBOLS, timeframe: env.LIVE_TIMEFRAME }, 'live mode running');
  }
  // the alert outbox: every channel configured in Settings, woken by each new alert, retried on a timer
  const delivery = startDeliveryLoop(db, log, { encryptionKey: env.SENTINEL_ENCRYPTION_KEY, now, intervalMs: 2000 });
  const alertListener = startListener(env.DATABASE_URL, ALERTS_CHANNEL, log, () => delivery.wake());
  // the high-volatility warning, risk-rule violations and the automatic rollback triggers
  const markets = feed ? feed.series.map((x) => ({ symbol: x.symbol, timeframe: x.timeframe })) : env.LIVE_SYMBOLS.map((symbol) => ({ symbol, timeframe: env.LIVE_TIMEFRAME }));
  const accountMonitor = startAccountMonitor(db, log, { intervalMs: env.ROLLBACK_CHECK_INTERVAL_MS, now, strategySet: STRATEGY_NAMES, markets,
    volatilityThreshold: env.ALERT_VOLATILITY_PERCENTILE, ...(env.EXTREME_ON_HIGH_VOLATILITY ? extremeModeOnVolatility(env.EXTREME_SIZE_MULTIPLIER) : {}) });
  const riskMonitor = startRiskMonitor(db, log, { workerId, intervalMs: env.HEARTBEAT_INTERVAL_MS, extremeIntervalMs: env.EXTREME_MONITOR_INTERVAL_MS, now, skip: replayed });
  // the daily summary and compliance report at DAILY_SUMMARY_HOUR, and the overdue operations tasks (wall clock)
  const dailyReports = startDailyReports(db, log, { timeZone: env.OPS_TIME_ZONE ?? env.DAY_TIME_ZONE, summaryHour: env.DAILY_SUMMARY_HOUR, now });
  // pg_dump + restore check when the newest good backup is BACKUP_INTERVAL_DAYS old (child processes: trading carries on)
  const backups = startBackupSchedule(db, log, { databaseUrl: env.DATABASE_URL, directory: path.resolve(import.meta.dirname, '..', env.BACKUP_DIR),
    retention: env.BACKUP_RETENTION, intervalDays: env.BACKUP_INTERVAL_DAYS, opsTimeZone: env.OPS_TIME_ZONE ?? env.DAY_TIME_ZONE, workerId, now });
  const poll = setInterval(() => wake('poll'), env.COMMAND_POLL_INTERVAL_MS);
  wake('startup');
  log.info({ workerId }, 'worker running');

  let isStopping = false;
  const shutdown = async (signal: string) => {
    if (isStopping) return;
    isStopping = true;
    log.info({ signal }, 'worker stopping');
    clearInterval(poll);
    await riskMonitor.stop();
    accountMonitor.stop();
    for (const p of paperLoops) await p.stop();
    for (const l of liveLoops) await l.stop();
    await listener.stop();
    await alertListener.stop();
    await delivery.stop();
    await dailyReports.stop();
    await backups.stop();
    await running;
    await metricsLoop.stop();
    await heartbeat.stop();
    await close();
    log.info('worker stopped');
    process.exit(0);
  };
  onStop = (signal) => void shutdown(signal);
  if (stopSignal) onStop(stopSignal);
}

main().catch((e) => {
  process.stderr.write(`sentinel worker failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
