import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type APIResponse, type Page } from '@playwright/test';
import { withDb } from '../support/db';
import { E2E_METRICS_TOKEN, e2eEnv, RESULTS_DIR, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';

/**
 * Web hardening on the production build (docs/security.md, "Web hardening"): security
 * headers on pages and API responses, no CSP violation on any page, CSRF refusals that
 * change nothing, the IP allow-list (the stack runs with 127.0.0.1/32 listed) and the
 * access log naming the user.
 */
const PAGES = ['/', '/positions', '/journal', '/performance', '/risk', '/exchange', '/stages', '/checklist', '/alerts',
  '/audit', '/settings', '/system', '/operations', '/reports', '/emergency'];

function expectSecurityHeaders(res: APIResponse) {
  const h = res.headers();
  const csp = h['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(csp).not.toContain('unsafe-eval');
  for (const d of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'"]) expect(csp).toContain(d);
  expect(h['x-content-type-options']).toBe('nosniff');
  expect(h['referrer-policy']).toBe('same-origin');
  expect(h['permissions-policy']).toContain('camera=()');
  // plain http to 127.0.0.1, and TRUST_PROXY is off: a forged X-Forwarded-Proto must not turn HSTS on
  expect(h['strict-transport-security']).toBeUndefined();
}

/** CSP violations as the browser reports them, from the page's first script on. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) violations.push(m.text()); });
  await page.addInitScript(() => {
    // eslint-disable-next-line no-console -- runs in the page: its console is how it reports to the test
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

test('pages and API responses carry the security headers; no HSTS over plain http', async ({ request }) => {
  const page = await request.get('/login', { headers: { 'x-forwarded-proto': 'https' } });
  expect(page.status()).toBe(200);
  expectSecurityHeaders(page);
  const api = await request.get('/api/metrics', { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(api.status()).toBe(200);
  expectSecurityHeaders(api);
  // a fresh nonce per response
  const again = await request.get('/login');
  expect(again.headers()['content-security-policy']).not.toBe(page.headers()['content-security-policy']);
});

test('every dashboard page renders under the CSP without a violation', async ({ page }) => {
  const violations = await watchCsp(page);
  await logIn(page, USERS.admin);
  for (const p of PAGES) {
    await page.goto(p);
    await expect(page.locator('main h1').first()).toBeVisible({ timeout: 15_000 });
    await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 15_000 });
  }
  expect(violations).toEqual([]);
  // the session cookie: HttpOnly, SameSite=Lax; not Secure over plain http (a browser would drop it)
  const session = (await page.context().cookies()).find((c) => c.name === 'sentinel.session-token');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', secure: false });
});

test('a forged cross-site mutation is refused with 403 and changes nothing; the dashboard\'s own request passes', async ({ page }) => {
  const { accountId, baseURL } = e2eEnv();
  await logIn(page, USERS.operator);
  const commands = () => withDb(async (c) => Number((await c.query<{ n: string }>('SELECT count(*) AS n FROM "ControlCommand" WHERE "accountId" = $1', [accountId])).rows[0]!.n));
  const before = await commands();
  const body = { json: { accountId, isOn: false, reason: 'e2e csrf probe' } };
  const post = (headers: Record<string, string>) => page.request.post('/api/trpc/control.setSafeMode', { headers: { 'content-type': 'application/json', ...headers }, data: body });

  const forged = await post({ origin: 'https://evil.example', 'x-sentinel-csrf': '1' });
  expect(forged.status()).toBe(403);
  expect((await forged.json()).error.message).toContain('Origin https://evil.example is not this dashboard');
  const headerless = await post({ origin: baseURL });
  expect(headerless.status()).toBe(403);
  expect((await headerless.json()).error.message).toContain('x-sentinel-csrf');
  expect(await commands()).toBe(before);

  // the same call as the dashboard's client makes it: same origin plus the header
  const own = await post({ origin: baseURL, 'x-sentinel-csrf': '1' });
  expect(own.status()).toBe(200);
  expect(await commands()).toBe(before + 1);
});

test('the allow-list lets 127.0.0.1 in, and the access log names the user once per request', async ({ page }) => {
  await logIn(page, USERS.viewer);
  const agent = `e2e-access-log-${Date.now()}`;
  const res = await page.request.get('/api/trpc/control.listCommands?batch=1&input=%7B%7D&token=hunter2', { headers: { 'user-agent': agent } });
  expect(res.status()).toBeLessThan(500);
  const log = path.join(RESULTS_DIR, 'e2e-web.log');
  await expect.poll(() => fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.includes(agent)).length, { timeout: 10_000 }).toBe(1);
  const line = JSON.parse(fs.readFileSync(log, 'utf8').split('\n').find((l) => l.includes(agent))!) as Record<string, unknown>;
  expect(line).toMatchObject({ component: 'access', method: 'GET', status: res.status(), ip: '127.0.0.1', userEmail: USERS.viewer.email, userAgent: agent });
  expect(String(line.path)).toContain('token=[redacted]');
  expect(JSON.stringify(line)).not.toMatch(/hunter2|session-token|cookie/i);
});
