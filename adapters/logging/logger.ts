import pino from 'pino';

/** One pino logger per process; children add { component, ... }. Secrets are redacted. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    name,
    level,
    redact: {
      paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'apiSecret', '*.apiSecret', 'apiKey', '*.apiKey',
        'authorization', '*.authorization', 'cookie', '*.cookie', 'DATABASE_URL', 'url', '*.url'],
      censor: '[redacted]',
    },
  });
}
export type Logger = ReturnType<typeof createLogger>;
