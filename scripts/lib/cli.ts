import { EnvError } from '@/adapters/config/env';
import { AppError } from '@/server/errors';

/** Run an admin command line: a refusal (bad input, not found) prints its message; anything else its stack. Exit 1 either way. */
export function runCli(main: () => Promise<void>) {
  main().catch((e) => {
    process.stderr.write(e instanceof AppError || e instanceof EnvError ? `${e.message}\n` : `${(e as Error).stack}\n`);
    process.exit(1);
  });
}

/** node:util parseArgs, its refusal (an unknown option, a missing value) as a message with the usage. */
export function parseCliArgs<T>(parse: () => T, usage: string): T {
  try {
    return parse();
  } catch (e) {
    throw new AppError('BAD_REQUEST', `${(e as Error).message}\n${usage}`);
  }
}
