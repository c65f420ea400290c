import { EnvError } from '@/adapters/config/env';
import { AppError } from '@/server/errors';

/** Run an admin command line: a refusal (bad input, not found) prints its message; anything else its stack. Exit 1 either way. */
export function runCli(main: () => Promise<void>) {
  main().catch((e) => {
    process.stderr.write(e instanceof AppError || e instanceof EnvError ? `${e.message}\n` : `${(e as Error).stack}\n`);
    process.exit(1);
  });
}
