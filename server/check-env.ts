import { EnvError } from '@/adapters/config/env';
import { serverEnv } from '@/server/env';

export function checkServerEnvOrExit() {
  try {
    serverEnv();
  } catch (e) {
    if (!(e instanceof EnvError)) throw e;
    process.stderr.write(`sentinel web: ${e.message}\n`);
    process.exit(1);
  }
}
