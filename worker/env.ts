import { EnvError, parseEnv, workerEnvShape, type WorkerEnv } from '@/adapters/config/env';

export function workerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  const env = parseEnv(workerEnvShape, source);
  // three renewals fit in one lease: a single slow renewal never lets an account lapse
  if (env.LEASE_RENEW_INTERVAL_MS * 3 > env.LEASE_TTL_MS) {
    throw new EnvError([`LEASE_RENEW_INTERVAL_MS must be at most a third of LEASE_TTL_MS (${env.LEASE_TTL_MS} ms): got ${env.LEASE_RENEW_INTERVAL_MS} ms`]);
  }
  return env;
}
