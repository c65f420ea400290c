import type { NextAuthConfig } from 'next-auth';

/**
 * next-auth's cookies, set explicitly rather than left to its defaults (which trust the
 * client's X-Forwarded-Proto). The session cookie is
 *   - HttpOnly: page scripts, and so any injected script, never read it;
 *   - SameSite=Lax: sent on a top-level link into the dashboard (an alert e-mail's link lands
 *     signed in) but never on a cross-site POST, fetch or frame. Strict would add nothing
 *     here: no GET changes state, and every mutation is origin-checked (server/http/guard.ts);
 *   - over TLS (the request tap's decision, TRUST_PROXY-aware): Secure and `__Host-` prefixed,
 *     so the browser refuses it from plain http, from a sibling subdomain or with a Domain.
 * Over plain http (127.0.0.1 in development and tests) a Secure cookie would never be stored.
 */
export const SESSION_COOKIE = 'sentinel.session-token';

export function authCookies(isTls: boolean): Pick<NextAuthConfig, 'useSecureCookies' | 'cookies'> {
  return {
    useSecureCookies: isTls,
    cookies: {
      sessionToken: {
        name: isTls ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE,
        options: { httpOnly: true, sameSite: 'lax', path: '/', secure: isTls },
      },
    },
  };
}
