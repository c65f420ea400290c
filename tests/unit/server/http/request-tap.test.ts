import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { META_HEADERS, noteRequestUser, requestClientIp } from '@/server/http/request-meta';
import { installRequestTap, requestFacts, type AccessEntry } from '@/server/http/request-tap';

/**
 * The tap on a real node:http server: what it stamps (a client's own copies never survive),
 * and one access-log line per request with the user a route named.
 */
const entries: AccessEntry[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  installRequestTap({ isProxyTrusted: false, writeAccess: (e) => entries.push(e) });
  server = http.createServer((req, res) => {
    const headers = new Headers(Object.entries(req.headers).map(([k, v]): [string, string] => [k, String(v)]));
    if (req.url?.startsWith('/me')) noteRequestUser(headers, { id: 'u1', email: 'op@example.com' });
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ ...req.headers, resolvedIp: requestClientIp(headers) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const waitForEntries = async (n: number) => { for (let i = 0; i < 200 && entries.length < n; i++) await new Promise((r) => setTimeout(r, 10)); };

describe('request tap', () => {
  it('stamps the socket facts and drops what the client forged', async () => {
    const res = await fetch(`${base}/x`, { headers: {
      [META_HEADERS.clientIp]: '10.0.0.1', [META_HEADERS.isTls]: '1', 'x-forwarded-for': '10.0.0.2', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example',
    } });
    const seen = await res.json() as Record<string, string>;
    expect(seen[META_HEADERS.clientIp]).toBe('127.0.0.1');
    expect(seen.resolvedIp).toBe('127.0.0.1');
    expect(seen[META_HEADERS.isTls]).toBe('0');
    expect(seen[META_HEADERS.origin]).toBe(base);
    expect(seen[META_HEADERS.requestId]).toMatch(/^[0-9a-f-]{36}$/);
    for (const h of ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host']) expect(seen[h]).toBeUndefined();
  });

  it('logs each request once, with status, user and a redacted query, never cookies', async () => {
    await waitForEntries(1); // the first test's line is written when its response closes: let it land before counting
    entries.length = 0;
    await (await fetch(`${base}/me?token=s3cret&page=2`, { headers: { cookie: 'sentinel.session-token=abc', authorization: 'Bearer zzz', 'user-agent': 'tap-test' } })).text();
    await (await fetch(`${base}/anon`)).text();
    await waitForEntries(2);
    expect(entries.map((e) => e.path)).toEqual(['/me?token=[redacted]&page=2', '/anon']);
    const [me, anon] = entries;
    expect(me).toMatchObject({ method: 'GET', path: '/me?token=[redacted]&page=2', status: 200, isCompleted: true, userId: 'u1', userEmail: 'op@example.com', ip: '127.0.0.1', userAgent: 'tap-test' });
    expect(me!.durationMs).toBeGreaterThanOrEqual(0);
    expect(anon!.userId).toBeUndefined();
    expect(JSON.stringify(entries)).not.toMatch(/s3cret|abc|zzz/);
  });
});

describe('requestFacts', () => {
  const socket = { remoteAddress: '::ffff:192.0.2.10' };

  it('believes the right-most X-Forwarded-* hop only behind a trusted proxy', () => {
    const headers = { host: 'internal:3000', 'x-forwarded-for': '6.6.6.6, 198.51.100.4', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'dash.example.com' };
    expect(requestFacts(headers, socket, { isProxyTrusted: true })).toEqual({ clientIp: '198.51.100.4', isTls: true, origin: 'https://dash.example.com' });
    expect(requestFacts(headers, socket, { isProxyTrusted: false })).toEqual({ clientIp: '192.0.2.10', isTls: false, origin: 'http://internal:3000' });
  });

  it('falls back to the socket when the forwarded address is garbage, and sees TLS sockets', () => {
    expect(requestFacts({ host: 'h', 'x-forwarded-for': 'not-an-ip' }, socket, { isProxyTrusted: true }).clientIp).toBe('192.0.2.10');
    expect(requestFacts({ host: 'h' }, { remoteAddress: '2001:db8::1', encrypted: true }, { isProxyTrusted: false })).toEqual({ clientIp: '2001:db8::1', isTls: true, origin: 'https://h' });
  });
});
