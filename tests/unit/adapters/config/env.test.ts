import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv, serverEnvShape, workerEnvShape } from '@/adapters/config/env';

const validWorker = {
  DATABASE_URL: 'postgresql://sentinel@localhost:5432/sentinel',
  SENTINEL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};
const validServer = { ...validWorker, AUTH_SECRET: 'a'.repeat(32) };

type Source = Record<string, string | undefined>;
type Shape = typeof serverEnvShape | typeof workerEnvShape;

function envErrorOf(shape: Shape, source: Source): EnvError {
  try {
    parseEnv(shape, source);
  } catch (e) {
    if (e instanceof EnvError) return e;
    throw e;
  }
  throw new Error('expected parseEnv to throw an EnvError');
}

describe('parseEnv: defaults', () => {
  it('parses a minimal server env with the documented defaults', () => {
    expect(parseEnv(serverEnvShape, validServer)).toEqual({
      ...validServer,
      TRADING_MODE: 'paper',
      CAPITAL_ALLOCATION: 1,
      EXCHANGE_SANDBOX: true,
      LLM_ENABLED: false,
      LOG_LEVEL: 'info',
      API_ANOMALY_BASELINE_MINUTES: 60,
      API_ANOMALY_MIN_HISTORY_MINUTES: 30,
      API_ANOMALY_THRESHOLD: 6,
      API_ANOMALY_AUTH_ERRORS: 3,
      API_ANOMALY_MIN_EVENTS: 5,
      SESSION_MAX_AGE_HOURS: 12,
      LOGIN_MAX_FAILURES: 5,
      LOGIN_WINDOW_MINUTES: 15,
      LOGIN_LOCKOUT_MINUTES: 15,
      TRUST_PROXY: false,
      DAY_TIME_ZONE: 'UTC',
      DAILY_SUMMARY_HOUR: 8,
      BACKUP_DIR: '.sentinel/backups',
      HEARTBEAT_INTERVAL_MS: 2000,
    });
  });

  it('parses a minimal worker env with the documented defaults', () => {
    expect(parseEnv(workerEnvShape, validWorker)).toEqual({
      ...validWorker,
      TRADING_MODE: 'paper',
      CAPITAL_ALLOCATION: 1,
      EXCHANGE_SANDBOX: true,
      LLM_ENABLED: false,
      LOG_LEVEL: 'info',
      API_ANOMALY_BASELINE_MINUTES: 60,
      API_ANOMALY_MIN_HISTORY_MINUTES: 30,
      API_ANOMALY_THRESHOLD: 6,
      API_ANOMALY_AUTH_ERRORS: 3,
      API_ANOMALY_MIN_EVENTS: 5,
      DAY_TIME_ZONE: 'UTC',
      HEARTBEAT_INTERVAL_MS: 2000,
      COMMAND_POLL_INTERVAL_MS: 5000,
      WORKER_ROLES: ['trading', 'research'],
      LEASE_TTL_MS: 6000,
      LEASE_RENEW_INTERVAL_MS: 2000,
      RESEARCH_CONCURRENCY: 1,
      REPLAY_SPEED: 1,
      REPLAY_DATA: 'data/*_1h.csv.gz',
      REPLAY_START: new Date('2025-01-01T00:00:00Z'),
      PAPER_PRICES: 'replay',
      LIVE_SYMBOLS: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
      LIVE_TIMEFRAME: '1h',
      LIVE_POLL_INTERVAL_MS: 1000,
      LIVE_RECONCILE_INTERVAL_MS: 10_000,
      EXCHANGE_LOST_AFTER_MS: 30_000,
      EXCHANGE_TIMEOUT_MS: 10_000,
      ALERT_VOLATILITY_PERCENTILE: 0.95,
      EXTREME_ON_HIGH_VOLATILITY: true,
      EXTREME_SIZE_MULTIPLIER: 0.5,
      EXTREME_MONITOR_INTERVAL_MS: 500,
      DAILY_SUMMARY_HOUR: 8,
      BACKUP_DIR: '.sentinel/backups',
      BACKUP_RETENTION: 8,
      BACKUP_INTERVAL_DAYS: 7,
      ROLLBACK_CHECK_INTERVAL_MS: 60_000,
      LLM_TIMEOUT_MS: 2000,
      LLM_MIN_ADJUSTMENT: -0.5,
      LLM_MAX_ADJUSTMENT: 0.2,
      LLM_SKIP_BELOW_SCORE: 0.75,
    });
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv(workerEnvShape, {
      ...validWorker, TRADING_MODE: '', CAPITAL_ALLOCATION: '', EXCHANGE_SANDBOX: '', LLM_ENABLED: '',
      LOG_LEVEL: '', DAY_TIME_ZONE: '', HEARTBEAT_INTERVAL_MS: '', WORKER_ID: '',
    });
    expect(env).toMatchObject({
      TRADING_MODE: 'paper', CAPITAL_ALLOCATION: 1, EXCHANGE_SANDBOX: true, LLM_ENABLED: false,
      LOG_LEVEL: 'info', DAY_TIME_ZONE: 'UTC', HEARTBEAT_INTERVAL_MS: 2000,
    });
    expect(env.WORKER_ID).toBeUndefined();
  });

  it('reports an empty required variable as missing', () => {
    expect(envErrorOf(serverEnvShape, { ...validServer, DATABASE_URL: '' }).problems)
      .toEqual([expect.stringMatching(/^DATABASE_URL is required/)]);
  });

  it('ignores variables outside its shape', () => {
    const env = parseEnv(serverEnvShape, { ...validServer, REPLAY_SPEED: 'fast', PATH: '/usr/bin' });
    expect(env).not.toHaveProperty('REPLAY_SPEED');
    expect(env).not.toHaveProperty('PATH');
  });
});

describe('parseEnv: accepted values', () => {
  it.each([
    ['TRADING_MODE', 'live', 'live'],
    ['TRADING_MODE', 'backtest', 'backtest'],
    ['CAPITAL_ALLOCATION', '0.25', 0.25],
    ['CAPITAL_ALLOCATION', '1', 1],
    ['EXCHANGE_SANDBOX', 'false', false],
    ['LOG_LEVEL', 'silent', 'silent'],
    ['DAY_TIME_ZONE', 'Europe/Zurich', 'Europe/Zurich'],
    ['HEARTBEAT_INTERVAL_MS', '200', 200],
    ['HEARTBEAT_INTERVAL_MS', '60000', 60_000],
    ['WORKER_ID', 'worker-a', 'worker-a'],
    ['DATABASE_URL', 'postgres://u@h/db', 'postgres://u@h/db'],
  ] as const)('%s=%s parses to %s', (name, raw, parsed) => {
    expect(parseEnv(workerEnvShape, { ...validWorker, [name]: raw })[name]).toBe(parsed);
  });
});

describe('parseEnv: the LLM advisory', () => {
  const llm = { LLM_BASE_URL: 'https://api.example.com/v1', LLM_MODEL: 'gpt-4o-mini', LLM_API_KEY: 'sk-test' };

  it('LLM_ENABLED=true with the endpoint, model and key parses', () => {
    expect(parseEnv(workerEnvShape, { ...validWorker, LLM_ENABLED: 'true', ...llm })).toMatchObject({ LLM_ENABLED: true, ...llm, LLM_TIMEOUT_MS: 2000 });
  });

  it('LLM_ENABLED=true requires LLM_BASE_URL, LLM_MODEL and LLM_API_KEY, each named', () => {
    expect(envErrorOf(workerEnvShape, { ...validWorker, LLM_ENABLED: 'true' }).problems).toEqual([
      'LLM_BASE_URL is required when LLM_ENABLED=true', 'LLM_MODEL is required when LLM_ENABLED=true', 'LLM_API_KEY is required when LLM_ENABLED=true',
    ]);
    expect(envErrorOf(workerEnvShape, { ...validWorker, LLM_ENABLED: 'true', ...llm, LLM_MODEL: '' }).problems).toEqual(['LLM_MODEL is required when LLM_ENABLED=true']);
  });

  it.each([
    ['LLM_BASE_URL', 'http://api.example.com/v1', 'must use https://'],
    ['LLM_BASE_URL', 'https://user:pw@api.example.com/v1', 'no credentials'],
    ['LLM_TIMEOUT_MS', '60000', 'from 100 to 10000'],
    ['LLM_MIN_ADJUSTMENT', '-0.9', 'never wider'],
    ['LLM_MAX_ADJUSTMENT', '0.5', 'never wider'],
    ['LLM_SKIP_BELOW_SCORE', '2', 'at most 1'],
  ])('%s=%s is refused naming the variable', (name, value, mention) => {
    const problems = envErrorOf(workerEnvShape, { ...validWorker, [name]: value }).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^${name} `));
    expect(problems[0]).toContain(mention);
  });

  it('plain http is accepted on this machine only', () => {
    expect(parseEnv(workerEnvShape, { ...validWorker, LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }).LLM_BASE_URL).toBe('http://127.0.0.1:11434/v1');
  });
});

describe('parseEnv: each bad value names the variable and what is allowed', () => {
  const cases: { name: string; value: string | undefined; shape: Shape; mentions: string[] }[] = [
    { name: 'TRADING_MODE', value: 'LIVE', shape: serverEnvShape, mentions: ['backtest, paper, live', '"LIVE"'] },
    { name: 'TRADING_MODE', value: 'real', shape: workerEnvShape, mentions: ['backtest, paper, live', '"real"'] },
    { name: 'CAPITAL_ALLOCATION', value: '0', shape: serverEnvShape, mentions: ['(0, 1]', 'greater than 0'] },
    { name: 'CAPITAL_ALLOCATION', value: '-0.5', shape: serverEnvShape, mentions: ['(0, 1]', 'greater than 0'] },
    { name: 'CAPITAL_ALLOCATION', value: '1.5', shape: serverEnvShape, mentions: ['(0, 1]', 'at most 1'] },
    { name: 'CAPITAL_ALLOCATION', value: 'abc', shape: serverEnvShape, mentions: ['(0, 1]', 'got "abc"'] },
    { name: 'EXCHANGE_SANDBOX', value: 'yes', shape: serverEnvShape, mentions: ['true, false', '"yes"'] },
    { name: 'EXCHANGE_SANDBOX', value: 'TRUE', shape: workerEnvShape, mentions: ['true, false', '"TRUE"'] },
    { name: 'LLM_ENABLED', value: '1', shape: serverEnvShape, mentions: ['true, false', '"1"'] },
    { name: 'SENTINEL_ENCRYPTION_KEY', value: randomBytes(16).toString('base64'), shape: serverEnvShape, mentions: ['32 random bytes in base64'] },
    { name: 'SENTINEL_ENCRYPTION_KEY', value: '!'.repeat(44), shape: workerEnvShape, mentions: ['32 random bytes in base64'] },
    { name: 'SENTINEL_ENCRYPTION_KEY', value: undefined, shape: serverEnvShape, mentions: ['is required', '32 random bytes in base64'] },
    { name: 'AUTH_SECRET', value: 'short', shape: serverEnvShape, mentions: ['at least 32 characters'] },
    { name: 'AUTH_SECRET', value: undefined, shape: serverEnvShape, mentions: ['is required', 'at least 32'] },
    { name: 'DATABASE_URL', value: undefined, shape: serverEnvShape, mentions: ['is required', 'postgresql://'] },
    { name: 'DATABASE_URL', value: 'mysql://x', shape: workerEnvShape, mentions: ['postgresql://'] },
    { name: 'LOG_LEVEL', value: 'verbose', shape: serverEnvShape, mentions: ['fatal, error, warn, info, debug, trace, silent', '"verbose"'] },
    { name: 'DAY_TIME_ZONE', value: 'Mars/Olympus', shape: workerEnvShape, mentions: ['IANA time zone'] },
    { name: 'HEARTBEAT_INTERVAL_MS', value: '10', shape: workerEnvShape, mentions: ['from 200 to 60000'] },
    { name: 'HEARTBEAT_INTERVAL_MS', value: '99999', shape: workerEnvShape, mentions: ['from 200 to 60000'] },
    { name: 'HEARTBEAT_INTERVAL_MS', value: 'abc', shape: workerEnvShape, mentions: ['whole number from 200 to 60000', 'got "abc"'] },
    { name: 'HEARTBEAT_INTERVAL_MS', value: '250.5', shape: workerEnvShape, mentions: ['whole number from 200 to 60000'] },
    { name: 'COMMAND_POLL_INTERVAL_MS', value: '0', shape: workerEnvShape, mentions: ['from 200 to 60000'] },
    { name: 'SESSION_MAX_AGE_HOURS', value: '721', shape: serverEnvShape, mentions: ['from 1 to 720'] },
    { name: 'LOGIN_MAX_FAILURES', value: '0', shape: serverEnvShape, mentions: ['from 1 to 100'] },
    { name: 'LOGIN_WINDOW_MINUTES', value: 'soon', shape: serverEnvShape, mentions: ['whole number from 1 to 1440'] },
    { name: 'WORKER_ID', value: 'w'.repeat(101), shape: workerEnvShape, mentions: ['100'] },
    { name: 'REPLAY_SPEED', value: '0.5', shape: workerEnvShape, mentions: ['at least 1 (real time)'] },
    { name: 'REPLAY_SPEED', value: 'fast', shape: workerEnvShape, mentions: ['from 1 (real time) to 1000000', 'got "fast"'] },
    { name: 'REPLAY_START', value: 'last tuesday', shape: workerEnvShape, mentions: ['ISO date'] },
    { name: 'PAPER_PRICES', value: 'live', shape: workerEnvShape, mentions: ['replay', 'exchange', 'got "live"'] },
    { name: 'LIVE_SYMBOLS', value: 'BTCUSDT', shape: workerEnvShape, mentions: ['ccxt symbols such as BTC/USDT'] },
    { name: 'LIVE_SYMBOLS', value: 'BTC/USDT,', shape: workerEnvShape, mentions: ['comma-separated'] },
    { name: 'LIVE_TIMEFRAME', value: '2h', shape: workerEnvShape, mentions: ['1m, 5m, 15m', 'got "2h"'] },
    { name: 'EXCHANGE_LOST_AFTER_MS', value: '500', shape: workerEnvShape, mentions: ['from 1000 to 3600000'] },
    { name: 'EXCHANGE_TIMEOUT_MS', value: 'slow', shape: workerEnvShape, mentions: ['whole number from 500 to 60000'] },
  ];

  it.each(cases)('$name=$value', ({ name, value, shape, mentions }) => {
    const base = shape === serverEnvShape ? validServer : validWorker;
    const error = envErrorOf(shape, { ...base, [name]: value });
    expect(error.problems).toHaveLength(1);
    const [problem] = error.problems;
    expect(problem).toMatch(new RegExp(`^${name} `));
    for (const m of mentions) expect(problem).toContain(m);
    expect(error.message).toContain(problem);
  });
});

describe('EnvError', () => {
  it('reports every bad value at once, one line each', () => {
    const error = envErrorOf(workerEnvShape, {
      DATABASE_URL: 'mysql://x', TRADING_MODE: 'LIVE', CAPITAL_ALLOCATION: '1.5', LLM_ENABLED: '1', DAY_TIME_ZONE: 'Mars/Olympus',
    });
    expect(error.problems.map((p) => p.split(' ')[0]).sort()).toEqual([
      'CAPITAL_ALLOCATION', 'DATABASE_URL', 'DAY_TIME_ZONE', 'LLM_ENABLED', 'SENTINEL_ENCRYPTION_KEY', 'TRADING_MODE',
    ]);
    expect(error.message.split('\n')).toEqual(['Invalid environment:', ...error.problems.map((p) => `  - ${p}`)]);
  });

  it('is a named Error', () => {
    const error = envErrorOf(serverEnvShape, {});
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('EnvError');
  });
});

describe('parseEnv: DASHBOARD_IP_ALLOWLIST', () => {
  it('parses IPv4 and IPv6 CIDRs and single hosts', () => {
    const env = parseEnv(serverEnvShape, { ...validServer, DASHBOARD_IP_ALLOWLIST: '10.0.0.0/8, 192.168.1.7,2001:db8::/32', TRUST_PROXY: 'true' });
    expect(env.DASHBOARD_IP_ALLOWLIST?.map((r) => r.text)).toEqual(['10.0.0.0/8', '192.168.1.7', '2001:db8::/32']);
    expect(env.TRUST_PROXY).toBe(true);
  });

  it('names each bad entry', () => {
    const e = envErrorOf(serverEnvShape, { ...validServer, DASHBOARD_IP_ALLOWLIST: '10.0.0.0/8,10.1.2.3/8,bogus,' });
    expect(e.problems).toEqual([
      'DASHBOARD_IP_ALLOWLIST entry "10.1.2.3/8" has host bits set below the prefix length (did you mean the network address?) (expected a CIDR such as 10.0.0.0/8 or 2001:db8::/32)',
      'DASHBOARD_IP_ALLOWLIST entry "bogus" is not an IPv4 or IPv6 address (expected a CIDR such as 10.0.0.0/8 or 2001:db8::/32)',
      'DASHBOARD_IP_ALLOWLIST entry "" is not an IPv4 or IPv6 address (expected a CIDR such as 10.0.0.0/8 or 2001:db8::/32)',
    ]);
  });
});
