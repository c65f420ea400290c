/** Next runs this once when the server starts: fail fast on a bad environment. */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkServerEnvOrExit } = await import('@/server/check-env');
    checkServerEnvOrExit();
    // before the first request: the proxy refuses every request the tap has not seen
    const [{ installRequestTap }, { serverEnv }] = await Promise.all([import('@/server/http/request-tap'), import('@/server/env')]);
    installRequestTap({ isProxyTrusted: serverEnv().TRUST_PROXY });
  }
}
