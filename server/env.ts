import { parseEnv, serverEnvShape, type ServerEnv } from '@/adapters/config/env';

let cached: ServerEnv | undefined;

/** Parsed on first use (at start-up in production: instrumentation.ts calls it). */
export function serverEnv(): ServerEnv {
  cached ??= parseEnv(serverEnvShape, process.env);
  return cached;
}
