import { NextResponse, type NextRequest } from 'next/server';
import { isIpAllowed, type CidrRange } from '@/domain/http/cidr';
import { checkCsrf, CSRF_HEADER } from '@/domain/http/csrf';
import { redactQuery } from '@/domain/http/redact-query';
import { securityHeaders } from '@/domain/http/security-headers';
import { logger } from '@/server/logger';
import { META_HEADERS } from './request-meta';

/**
 * Every request passes here first (proxy.ts): the IP allow-list, the CSRF check on
 * mutations, then the security headers with a fresh CSP nonce (docs/security.md,
 * "Web hardening"). Refusals are logged as security events; the access log (request-tap.ts)
 * still records each request once, with its status.
 */
export interface GuardPolicy {
  /** DASHBOARD_IP_ALLOWLIST; undefined lets every address in */
  allowlist: readonly CidrRange[] | undefined;
  isDev: boolean;
  /** the request tap runs in this process, so the stamped headers are ours, not the client's */
  isTapInstalled: boolean;
}

const log = logger.child({ component: 'http-guard' });

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(18))).toString('base64');
}

function withHeaders(res: NextResponse, headers: Record<string, string>): NextResponse {
  for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
  return res;
}

const DENIED_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sentinel: access denied</title></head>
<body><h1>Access denied</h1><p>This address may not reach the Sentinel dashboard. Ask an administrator to add it to DASHBOARD_IP_ALLOWLIST.</p></body></html>\n`;

/** A refusal: JSON for API callers, the short page (or plain text) for a browser. */
function refuse(req: NextRequest, status: number, message: string, headers: Record<string, string>, page?: string): NextResponse {
  const isApi = req.nextUrl.pathname.startsWith('/api/');
  const res = isApi
    ? NextResponse.json({ error: { message } }, { status })
    : new NextResponse(page ?? `${message}\n`, { status, headers: { 'content-type': page ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' } });
  res.headers.set('cache-control', 'no-store');
  return withHeaders(res, headers);
}

export function guardRequest(req: NextRequest, policy: GuardPolicy, nonce: string = newNonce()): NextResponse {
  const h = req.headers;
  const isStamped = policy.isTapInstalled && h.get(META_HEADERS.requestId) !== null;
  const isTls = isStamped && h.get(META_HEADERS.isTls) === '1';
  const headers = securityHeaders({ nonce, isTls, isDev: policy.isDev });
  const facts = {
    requestId: h.get(META_HEADERS.requestId) ?? undefined,
    ip: (isStamped && h.get(META_HEADERS.clientIp)) || 'unknown',
    method: req.method,
    path: redactQuery(req.nextUrl.pathname + req.nextUrl.search),
  };
  if (!isStamped) {
    // without the tap we cannot tell the client's address or origin: fail closed
    log.error(facts, 'request refused: the request tap is not installed (instrumentation.ts)');
    return refuse(req, 500, 'server misconfigured: request facts missing', headers);
  }
  if (policy.allowlist && !isIpAllowed(facts.ip, policy.allowlist)) {
    log.warn(facts, 'request refused: address not on DASHBOARD_IP_ALLOWLIST');
    return refuse(req, 403, `address ${facts.ip} is not on the dashboard's allow-list`, headers, DENIED_PAGE);
  }
  const csrf = checkCsrf({
    method: req.method, pathname: req.nextUrl.pathname, expectedOrigin: h.get(META_HEADERS.origin) ?? '',
    origin: h.get('origin'), secFetchSite: h.get('sec-fetch-site'), csrfHeader: h.get(CSRF_HEADER),
  });
  if (!csrf.ok) {
    log.warn({ ...facts, reason: csrf.reason }, 'request refused: cross-site request forgery check failed');
    return refuse(req, 403, `cross-site request refused: ${csrf.reason}`, headers);
  }
  // Next reads the nonce back from the request's CSP and stamps its own scripts with it
  const forwarded = new Headers(h);
  forwarded.set('content-security-policy', headers['content-security-policy']!);
  return withHeaders(NextResponse.next({ request: { headers: forwarded } }), headers);
}
