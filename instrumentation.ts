/** Next runs this once when the server starts: fail fast on a bad environment. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkServerEnvOrExit } = await import('@/server/check-env');
    checkServerEnvOrExit();
  }
}
