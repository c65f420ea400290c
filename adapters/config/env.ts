import { z } from 'zod';
import { parseCidr, type CidrRange } from '@/domain/http/cidr';

/**
 * Environment parsing shared by the web server, the worker and the scripts.
 * Who wins (README "Configuration"): TRADING_MODE is the most the worker may do;
 * the stage in the database sets the allocation and CAPITAL_ALLOCATION caps it.
 */
export const TRADING_MODES = ['backtest', 'paper', 'live'] as const;
export type TradingModeName = (typeof TRADING_MODES)[number];

const boolFlag = (def: boolean) =>
  z.enum(['true', 'false'], { error: (i) => `must be one of: true, false (got ${JSON.stringify(i.input)})` })
    .default(def ? 'true' : 'false')
    .transform((v) => v === 'true');

/** A number from an env string; messages quote the raw value (coercion would report NaN as null). */
const numberFrom = (rule: string, inner: z.ZodNumber) =>
  z.string()
    .refine((v) => v.trim() !== '' && Number.isFinite(Number(v)), { error: (i) => `${rule} (got ${JSON.stringify(i.input)})` })
    .transform(Number)
    .pipe(inner);

const intIn = (min: number, max: number, def: number) => {
  const rule = `must be a whole number from ${min} to ${max}`;
  return numberFrom(rule, z.number().int(rule).min(min, rule).max(max, rule)).default(def);
};

export const envFields = {
  DATABASE_URL: z.string({ error: 'is required: a postgresql:// URL (npm start sets it for the embedded server)' })
    .regex(/^postgres(ql)?:\/\/.+/, 'must be a postgresql:// URL'),
  TRADING_MODE: z.enum(TRADING_MODES, { error: (i) => `must be one of: ${TRADING_MODES.join(', ')} (got ${JSON.stringify(i.input)})` }).default('paper'),
  CAPITAL_ALLOCATION: numberFrom('must be a fraction in (0, 1], e.g. 0.25',
    z.number().gt(0, 'must be a fraction in (0, 1], e.g. 0.25 (greater than 0)').max(1, 'must be a fraction in (0, 1], e.g. 0.25 (at most 1 = 100%)'))
    .default(1),
  EXCHANGE_SANDBOX: boolFlag(true),
  /** the exchange's REST base URL (the emulator's in tests); unset: Binance's testnet with EXCHANGE_SANDBOX=true, else Binance */
  EXCHANGE_API_URL: z.string().regex(/^https?:\/\/[^/\s]+$/, 'must be a base URL such as http://127.0.0.1:9100 (scheme and host, no path)').optional(),
  LLM_ENABLED: boolFlag(false),
  /** the LLM advisory's OpenAI-compatible endpoint (/chat/completions is appended); plain http only on this machine (the key travels with it) */
  LLM_BASE_URL: z.string().max(500, 'must be at most 500 characters')
    .regex(/^https?:\/\/[^/\s@?#]+(\/[^\s?#]*)?$/, 'must be a base URL such as https://api.openai.com/v1 (no credentials, query or fragment)')
    .refine((v) => v.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(v), 'must use https:// (plain http only for 127.0.0.1, localhost or [::1]): the API key is sent with every request')
    .optional(),
  LLM_MODEL: z.string().max(200, 'must be at most 200 characters').regex(/^[\x21-\x7e]+$/, 'must be a model name without spaces, e.g. gpt-4o-mini').optional(),
  LLM_API_KEY: z.string().max(500, 'must be at most 500 characters').regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces').optional(),
  /** each advisory call is abandoned after this (the decision goes on without advice); at most 10 s, the worker holds the account's lock meanwhile */
  LLM_TIMEOUT_MS: intIn(100, 10_000, 2000),
  /** how far the model may lower / raise a signal's score: configuration narrows [-0.5, +0.2], never widens it */
  LLM_MIN_ADJUSTMENT: numberFrom('must be a number from -0.5 to 0, e.g. -0.3', z.number().min(-0.5, 'must be at least -0.5 (never wider)').max(0, 'must be at most 0')).default(-0.5),
  LLM_MAX_ADJUSTMENT: numberFrom('must be a number from 0 to 0.2, e.g. 0.1', z.number().min(0, 'must be at least 0').max(0.2, 'must be at most 0.2 (never wider)')).default(0.2),
  /** an advised signal whose score (1 + adjustment) falls below this is skipped (llm_advice) */
  LLM_SKIP_BELOW_SCORE: numberFrom('must be a number from 0.5 to 1, e.g. 0.75', z.number().min(0.5, 'must be at least 0.5').max(1, 'must be at most 1')).default(0.75),
  SENTINEL_ENCRYPTION_KEY: z.string({ error: 'is required: 32 random bytes in base64 (openssl rand -base64 32)' })
    .refine((v) => Buffer.from(v, 'base64').length === 32 && /^[A-Za-z0-9+/]+={0,2}$/.test(v), 'must be 32 random bytes in base64 (openssl rand -base64 32)'),
  AUTH_SECRET: z.string({ error: 'is required: at least 32 random characters (openssl rand -base64 32)' })
    .min(32, 'must be at least 32 characters (openssl rand -base64 32)'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    error: (i) => `must be one of: fatal, error, warn, info, debug, trace, silent (got ${JSON.stringify(i.input)})`,
  }).default('info'),
  DAY_TIME_ZONE: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } },
    'must be an IANA time zone such as UTC or Europe/Zurich').default('UTC'),
  SESSION_MAX_AGE_HOURS: intIn(1, 720, 12),
  LOGIN_MAX_FAILURES: intIn(1, 100, 5),
  LOGIN_WINDOW_MINUTES: intIn(1, 1440, 15),
  /** an account stays locked this long after LOGIN_MAX_FAILURES failures (an admin may lift it sooner) */
  LOGIN_LOCKOUT_MINUTES: intIn(1, 1440, 15),
  HEARTBEAT_INTERVAL_MS: intIn(200, 60_000, 2000),
  COMMAND_POLL_INTERVAL_MS: intIn(200, 60_000, 5000),
  WORKER_ID: z.string().max(100, 'must be at most 100 characters').optional(),
  /** what a worker process does (docs/scaling.md): trading takes account leases, research runs backtest sweep jobs */
  WORKER_ROLES: z.string().regex(/^(trading|research)(,(trading|research))*$/, 'must be trading, research, or trading,research')
    .default('trading,research').transform((v) => [...new Set(v.split(','))] as ('trading' | 'research')[]),
  /** an account lease lapses this long after its last renewal: another worker takes the account over (failover time ≈ TTL + one renewal) */
  LEASE_TTL_MS: intIn(1000, 600_000, 6000),
  /** leases are renewed (and free ones taken) this often; at most a third of LEASE_TTL_MS */
  LEASE_RENEW_INTERVAL_MS: intIn(200, 200_000, 2000),
  /** backtests a research worker runs at once, one worker thread each (a thread per free core) */
  RESEARCH_CONCURRENCY: intIn(1, 16, 1),
  PORT: intIn(1, 65535, 3000),
  REPLAY_SPEED: numberFrom('must be a number from 1 (real time) to 1000000, e.g. 3600 = one hour of candles per second',
    z.number().min(1, 'must be at least 1 (real time)').max(1_000_000, 'must be at most 1000000')).default(1),
  REPLAY_DATA: z.string().max(4000, 'must be at most 4000 characters').default('data/*_1h.csv.gz'),
  REPLAY_START: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date such as 2025-01-01').default('2025-01-01T00:00:00Z')
    .transform((v) => new Date(Date.parse(v))),
  METRICS_TOKEN: z.string().min(24, 'must be at least 24 characters (openssl rand -base64 24)').regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces').optional(),
  PAPER_PRICES: z.enum(['replay', 'exchange'], { error: (i) => `must be replay (the candle files of REPLAY_DATA) or exchange (live prices from the exchange; got ${JSON.stringify(i.input)})` }).default('replay'),
  LIVE_SYMBOLS: z.string().regex(/^[A-Z0-9]+\/[A-Z0-9]+(,[A-Z0-9]+\/[A-Z0-9]+)*$/, 'must be a comma-separated list of ccxt symbols such as BTC/USDT,ETH/USDT')
    .default('BTC/USDT,ETH/USDT,SOL/USDT').transform((v) => v.split(',')),
  LIVE_TIMEFRAME: z.enum(['1m', '5m', '15m', '30m', '1h', '4h', '1d'], { error: (i) => `must be one of 1m, 5m, 15m, 30m, 1h, 4h, 1d (got ${JSON.stringify(i.input)})` }).default('1h'),
  LIVE_POLL_INTERVAL_MS: intIn(100, 60_000, 1000),
  LIVE_RECONCILE_INTERVAL_MS: intIn(100, 3_600_000, 10_000),
  EXCHANGE_LOST_AFTER_MS: intIn(1000, 3_600_000, 30_000),
  EXCHANGE_TIMEOUT_MS: intIn(500, 60_000, 10_000),
  /** high-volatility alert: a market's ATR percentile (over its last 500 candles) above this fraction */
  ALERT_VOLATILITY_PERCENTILE: numberFrom('must be a fraction from 0.5 to 1, e.g. 0.95',
    z.number().min(0.5, 'must be at least 0.5').max(1, 'must be at most 1')).default(0.95),
  /** the high-volatility rule also switches extreme market mode on (an operator switches it off) */
  EXTREME_ON_HIGH_VOLATILITY: boolFlag(true),
  /** extreme market mode: sizes multiplied by this while it lasts (tightens only) */
  EXTREME_SIZE_MULTIPLIER: numberFrom('must be a fraction from 0.05 to 1, e.g. 0.5',
    z.number().min(0.05, 'must be at least 0.05').max(1, 'must be at most 1 (extreme mode never raises sizes)')).default(0.5),
  /** extreme market mode: the MONITOR (risk monitor and live pass) interval */
  EXTREME_MONITOR_INTERVAL_MS: intIn(100, 60_000, 500),
  /** operations time zone (daily summary, task periods); unset: DAY_TIME_ZONE */
  OPS_TIME_ZONE: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } },
    'must be an IANA time zone such as UTC or Europe/Zurich').optional(),
  /** the hour (0-23, OPS_TIME_ZONE) the daily performance summary and compliance report are written */
  DAILY_SUMMARY_HOUR: intIn(0, 23, 8),
  /** where npm run backup and the worker's scheduled backup write pg_dump files (relative to the project) */
  BACKUP_DIR: z.string().min(1).max(1000, 'must be at most 1000 characters').default('.sentinel/backups'),
  /** how many successful backups are kept on disk; older ones are deleted */
  BACKUP_RETENTION: intIn(1, 1000, 8),
  /** the worker backs the database up when the newest successful backup is this many days old (0: never) */
  BACKUP_INTERVAL_DAYS: intIn(0, 365, 7),
  /** how often the worker evaluates the automatic rollback triggers */
  ROLLBACK_CHECK_INTERVAL_MS: intIn(200, 86_400_000, 60_000),
  /** API usage anomaly rules (docs/security.md): the baseline is this many previous one-minute windows per exchange key */
  API_ANOMALY_BASELINE_MINUTES: intIn(10, 1440, 60),
  /** fewer full windows of history than this: the rate rules do not judge ("not enough history") */
  API_ANOMALY_MIN_HISTORY_MINUTES: intIn(5, 1440, 30),
  /** a rate fires this many spreads (robust standard deviations) above its baseline median */
  API_ANOMALY_THRESHOLD: numberFrom('must be a number from 3 to 50, e.g. 6', z.number().min(3, 'must be at least 3').max(50, 'must be at most 50')).default(6),
  /** authentication errors in one minute that fire at once, with or without a baseline */
  API_ANOMALY_AUTH_ERRORS: intIn(1, 1000, 3),
  /** a rate rule never fires on fewer events than this in the minute */
  API_ANOMALY_MIN_EVENTS: intIn(1, 10_000, 5),
  /** a reverse proxy in front of the dashboard: X-Forwarded-For/-Proto/-Host are believed (the right-most hop) */
  TRUST_PROXY: boolFlag(false),
  /** comma-separated CIDRs (IPv4, IPv6) that may reach the dashboard; unset: every address */
  DASHBOARD_IP_ALLOWLIST: z.string().max(10_000, 'must be at most 10000 characters')
    .transform((v, ctx): CidrRange[] => {
      const ranges: CidrRange[] = [];
      for (const entry of v.split(',').map((e) => e.trim())) {
        const parsed = parseCidr(entry);
        if (parsed.ok) ranges.push(parsed.range);
        else ctx.addIssue({ code: 'custom', message: `entry ${JSON.stringify(entry)} ${parsed.reason} (expected a CIDR such as 10.0.0.0/8 or 2001:db8::/32)` });
      }
      return ranges;
    })
    .optional(),
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

/** Parse `source` (process.env) with the picked fields; empty strings count as unset. */
export function parseEnv<S extends z.ZodRawShape>(shape: S, source: Record<string, string | undefined>): z.infer<z.ZodObject<S>> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  if (result.success) {
    const missing = requiredByFlags(result.data, shape);
    if (missing.length) throw new EnvError(missing);
    return result.data;
  }
  throw new EnvError(result.error.issues.map((i) => `${String(i.path[0] ?? '?')} ${i.message}`));
}

/** Fields a flag needs: LLM_ENABLED=true needs the endpoint, the model and the key (in a shape that reads them: the worker's). */
function requiredByFlags(data: Record<string, unknown>, shape: z.ZodRawShape): string[] {
  if (data.LLM_ENABLED !== true || !('LLM_BASE_URL' in shape)) return [];
  return (['LLM_BASE_URL', 'LLM_MODEL', 'LLM_API_KEY'] as const).filter((k) => data[k] === undefined).map((k) => `${k} is required when LLM_ENABLED=true`);
}

/** What web and worker both read: the trading limits of the process, the database, the secrets key. */
const sharedShape = {
  DATABASE_URL: envFields.DATABASE_URL,
  TRADING_MODE: envFields.TRADING_MODE,
  CAPITAL_ALLOCATION: envFields.CAPITAL_ALLOCATION,
  EXCHANGE_SANDBOX: envFields.EXCHANGE_SANDBOX,
  EXCHANGE_API_URL: envFields.EXCHANGE_API_URL,
  LLM_ENABLED: envFields.LLM_ENABLED,
  SENTINEL_ENCRYPTION_KEY: envFields.SENTINEL_ENCRYPTION_KEY,
  LOG_LEVEL: envFields.LOG_LEVEL,
  // the worker judges API usage with them, the System page shows the same verdict
  API_ANOMALY_BASELINE_MINUTES: envFields.API_ANOMALY_BASELINE_MINUTES,
  API_ANOMALY_MIN_HISTORY_MINUTES: envFields.API_ANOMALY_MIN_HISTORY_MINUTES,
  API_ANOMALY_THRESHOLD: envFields.API_ANOMALY_THRESHOLD,
  API_ANOMALY_AUTH_ERRORS: envFields.API_ANOMALY_AUTH_ERRORS,
  API_ANOMALY_MIN_EVENTS: envFields.API_ANOMALY_MIN_EVENTS,
};

export const serverEnvShape = {
  ...sharedShape,
  AUTH_SECRET: envFields.AUTH_SECRET,
  SESSION_MAX_AGE_HOURS: envFields.SESSION_MAX_AGE_HOURS,
  LOGIN_MAX_FAILURES: envFields.LOGIN_MAX_FAILURES,
  LOGIN_WINDOW_MINUTES: envFields.LOGIN_WINDOW_MINUTES,
  LOGIN_LOCKOUT_MINUTES: envFields.LOGIN_LOCKOUT_MINUTES,
  METRICS_TOKEN: envFields.METRICS_TOKEN,
  TRUST_PROXY: envFields.TRUST_PROXY,
  DASHBOARD_IP_ALLOWLIST: envFields.DASHBOARD_IP_ALLOWLIST,
  DAY_TIME_ZONE: envFields.DAY_TIME_ZONE,
  OPS_TIME_ZONE: envFields.OPS_TIME_ZONE,
  DAILY_SUMMARY_HOUR: envFields.DAILY_SUMMARY_HOUR,
  BACKUP_DIR: envFields.BACKUP_DIR,
  // the System page reads a worker as stale after 3 missed beats (unless it reports its own interval)
  HEARTBEAT_INTERVAL_MS: envFields.HEARTBEAT_INTERVAL_MS,
};
export type ServerEnv = z.infer<z.ZodObject<typeof serverEnvShape>>;

export const workerEnvShape = {
  ...sharedShape,
  DAY_TIME_ZONE: envFields.DAY_TIME_ZONE,
  HEARTBEAT_INTERVAL_MS: envFields.HEARTBEAT_INTERVAL_MS,
  COMMAND_POLL_INTERVAL_MS: envFields.COMMAND_POLL_INTERVAL_MS,
  WORKER_ID: envFields.WORKER_ID,
  WORKER_ROLES: envFields.WORKER_ROLES,
  LEASE_TTL_MS: envFields.LEASE_TTL_MS,
  LEASE_RENEW_INTERVAL_MS: envFields.LEASE_RENEW_INTERVAL_MS,
  RESEARCH_CONCURRENCY: envFields.RESEARCH_CONCURRENCY,
  REPLAY_SPEED: envFields.REPLAY_SPEED,
  REPLAY_DATA: envFields.REPLAY_DATA,
  REPLAY_START: envFields.REPLAY_START,
  PAPER_PRICES: envFields.PAPER_PRICES,
  LIVE_SYMBOLS: envFields.LIVE_SYMBOLS,
  LIVE_TIMEFRAME: envFields.LIVE_TIMEFRAME,
  LIVE_POLL_INTERVAL_MS: envFields.LIVE_POLL_INTERVAL_MS,
  LIVE_RECONCILE_INTERVAL_MS: envFields.LIVE_RECONCILE_INTERVAL_MS,
  EXCHANGE_LOST_AFTER_MS: envFields.EXCHANGE_LOST_AFTER_MS,
  EXCHANGE_TIMEOUT_MS: envFields.EXCHANGE_TIMEOUT_MS,
  ALERT_VOLATILITY_PERCENTILE: envFields.ALERT_VOLATILITY_PERCENTILE,
  EXTREME_ON_HIGH_VOLATILITY: envFields.EXTREME_ON_HIGH_VOLATILITY,
  EXTREME_SIZE_MULTIPLIER: envFields.EXTREME_SIZE_MULTIPLIER,
  EXTREME_MONITOR_INTERVAL_MS: envFields.EXTREME_MONITOR_INTERVAL_MS,
  OPS_TIME_ZONE: envFields.OPS_TIME_ZONE,
  DAILY_SUMMARY_HOUR: envFields.DAILY_SUMMARY_HOUR,
  BACKUP_DIR: envFields.BACKUP_DIR,
  BACKUP_RETENTION: envFields.BACKUP_RETENTION,
  BACKUP_INTERVAL_DAYS: envFields.BACKUP_INTERVAL_DAYS,
  ROLLBACK_CHECK_INTERVAL_MS: envFields.ROLLBACK_CHECK_INTERVAL_MS,
  LLM_BASE_URL: envFields.LLM_BASE_URL,
  LLM_MODEL: envFields.LLM_MODEL,
  LLM_API_KEY: envFields.LLM_API_KEY,
  LLM_TIMEOUT_MS: envFields.LLM_TIMEOUT_MS,
  LLM_MIN_ADJUSTMENT: envFields.LLM_MIN_ADJUSTMENT,
  LLM_MAX_ADJUSTMENT: envFields.LLM_MAX_ADJUSTMENT,
  LLM_SKIP_BELOW_SCORE: envFields.LLM_SKIP_BELOW_SCORE,
};
export type WorkerEnv = z.infer<z.ZodObject<typeof workerEnvShape>>;
