import { serverEnv } from '@/server/env';
import type { TwoFactorDeps } from '@/server/services/two-factor';

/** The sealing key and the lockout policy the two-factor procedures share with the login. */
export function twoFactorDeps(): TwoFactorDeps {
  const env = serverEnv();
  return {
    encryptionKey: env.SENTINEL_ENCRYPTION_KEY,
    policy: { maxFailures: env.LOGIN_MAX_FAILURES, windowMinutes: env.LOGIN_WINDOW_MINUTES, lockoutMinutes: env.LOGIN_LOCKOUT_MINUTES },
  };
}
