import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { parseCidr, type CidrRange } from '@/domain/http/cidr';
import { guardRequest, type GuardPolicy } from '@/server/http/guard';
import { META_HEADERS } from '@/server/http/request-meta';

/**
 * The proxy's decisions on fabricated requests, as the request tap would have stamped them:
 * the allow-list, the CSRF check and the headers. (The e2e suite checks the same through
 * Chromium against the production build.)
 */
const cidrs = (...t: string[]): CidrRange[] => t.map((x) => { const r = parseCidr(x); if (!r.ok) throw new Error(r.reason); return r.range; });
const ORIGIN = 'http://dash.test:3000';

function request(path: string, opts: { method?: string; ip?: string; isTls?: boolean; headers?: Record<string, string>; isStamped?: boolean } = {}) {
  const stamps: Record<string, string> = opts.isStamped === false ? {} : {
    [META_HEADERS.requestId]: 'req-1', [META_HEADERS.clientIp]: opts.ip ?? '127.0.0.1',
    [META_HEADERS.isTls]: opts.isTls ? '1' : '0', [META_HEADERS.origin]: opts.isTls ? 'https://dash.test' : ORIGIN,
  };
  return new NextRequest(`${ORIGIN}${path}`, { method: opts.method ?? 'GET', headers: { ...stamps, ...opts.headers } });
}

const open: GuardPolicy = { allowlist: undefined, isDev: false, isTapInstalled: true };
const isPassedOn = (res: Response) => res.headers.get('x-middleware-next') === '1';

describe('guardRequest: IP allow-list', () => {
  const policy: GuardPolicy = { ...open, allowlist: cidrs('127.0.0.1/32', '10.0.0.0/8', '2001:db8::/32') };

  it('lets listed addresses through, IPv4, IPv4-mapped and IPv6', () => {
    for (const ip of ['127.0.0.1', '10.9.8.7', '::ffff:10.1.1.1', '2001:db8::5']) expect(isPassedOn(guardRequest(request('/', { ip }), policy))).toBe(true);
  });

  it('refuses a page from outside with a short HTML page, and /api/metrics with JSON', async () => {
    const page = guardRequest(request('/', { ip: '203.0.113.7' }), policy);
    expect(page.status).toBe(403);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Access denied');
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const metrics = guardRequest(request('/api/metrics', { ip: '203.0.113.7', headers: { authorization: 'Bearer x'.repeat(4) } }), policy);
    expect(metrics.status).toBe(403);
    expect(await metrics.json()).toEqual({ error: { message: "address 203.0.113.7 is not on the dashboard's allow-list" } });
  });

  it('fails closed when the request tap did not stamp the request', () => {
    expect(guardRequest(request('/', { isStamped: false }), open).status).toBe(500);
    expect(guardRequest(request('/'), { ...open, isTapInstalled: false }).status).toBe(500);
  });
});

describe('guardRequest: CSRF', () => {
  const mutation = (headers: Record<string, string>) => request('/api/trpc/safeMode.set', { method: 'POST', headers });

  it('passes the dashboard\'s own mutation and every GET', () => {
    expect(isPassedOn(guardRequest(mutation({ origin: ORIGIN, 'x-sentinel-csrf': '1' }), open))).toBe(true);
    expect(isPassedOn(guardRequest(request('/api/trpc/overview.get', { headers: { origin: 'https://evil.example' } }), open))).toBe(true);
  });

  it('refuses a forged Origin and a missing custom header with 403 JSON', async () => {
    const forged = guardRequest(mutation({ origin: 'https://evil.example', 'x-sentinel-csrf': '1' }), open);
    expect(forged.status).toBe(403);
    expect((await forged.json()).error.message).toContain('Origin https://evil.example is not this dashboard');
    const bare = guardRequest(mutation({ origin: ORIGIN }), open);
    expect(bare.status).toBe(403);
    expect((await bare.json()).error.message).toContain('x-sentinel-csrf');
  });

  it('leaves next-auth\'s token-protected endpoints to next-auth, same origin only', () => {
    const signout = (origin: string) => request('/api/auth/signout', { method: 'POST', headers: { origin } });
    expect(isPassedOn(guardRequest(signout(ORIGIN), open))).toBe(true);
    expect(guardRequest(signout('https://evil.example'), open).status).toBe(403);
  });
});

describe('guardRequest: headers', () => {
  it('sets the CSP with a fresh nonce on the response and on the request Next renders with', () => {
    const res = guardRequest(request('/'), open, 'bm9uY2U=');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("'nonce-bm9uY2U='");
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers.get('x-middleware-request-content-security-policy')).toBe(csp);
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(guardRequest(request('/', { isTls: true }), open).headers.get('strict-transport-security')).toBe('max-age=31536000');
  });
});
