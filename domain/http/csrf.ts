/**
 * Cross-site request forgery check for state-changing requests (docs/security.md).
 * A mutation must come from the dashboard's own origin (Origin, or Sec-Fetch-Site when a
 * browser omits Origin) and, outside next-auth's endpoints (which carry their own CSRF
 * token), carry the header the dashboard's tRPC client sends. A cross-site HTML form can set
 * neither; a cross-site fetch could set the header only after a CORS preflight we never answer.
 */
export const CSRF_HEADER = 'x-sentinel-csrf';
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfInput {
  method: string;
  pathname: string;
  /** the dashboard's own origin as this request reached it, e.g. https://sentinel.example.com */
  expectedOrigin: string;
  origin: string | null;
  secFetchSite: string | null;
  csrfHeader: string | null;
}

export type CsrfDecision = { ok: true } | { ok: false; reason: string };

/** next-auth's own routes check their double-submit token; its browser client cannot add our header. */
const isNextAuthRoute = (pathname: string) => pathname === '/api/auth' || pathname.startsWith('/api/auth/');

export function checkCsrf(input: CsrfInput): CsrfDecision {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { ok: true };
  if (input.origin !== null) {
    if (input.origin !== input.expectedOrigin) return { ok: false, reason: `Origin ${input.origin} is not this dashboard (${input.expectedOrigin})` };
  } else if (input.secFetchSite !== 'same-origin') {
    return { ok: false, reason: 'no Origin header and Sec-Fetch-Site is not same-origin' };
  }
  if (!isNextAuthRoute(input.pathname) && input.csrfHeader !== '1') {
    return { ok: false, reason: `missing the ${CSRF_HEADER} header the dashboard sends` };
  }
  return { ok: true };
}
