/** Next runs this once when the server starts: fail fast on a bad environment. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { serverEnv } = await import('@/server/env');
  const { EnvError } = await import('@/adapters/config/env');
  try {
    serverEnv();
  } catch (e) {
    if (e instanceof EnvError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
}
