import { parseEnv, workerEnvShape, type WorkerEnv } from '@/adapters/config/env';

export function workerEnv(source: Record<string, string | undefined> = process.env): WorkerEnv {
  return parseEnv(workerEnvShape, source);
}
