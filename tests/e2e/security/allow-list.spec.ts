import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from '../../support/test-postgres';
import { e2eEnv, RESULTS_DIR, ROOT } from '../support/e2e-env';

/**
 * The IP allow-list refusing for real: a second dashboard on the same production build and
 * database, whose DASHBOARD_IP_ALLOWLIST leaves out the loopback address this browser comes
 * from. Every page and API answers 403 (a short page, or JSON under /api/), the login page
 * included, and each refusal is logged with the address. The suite's main dashboard runs
 * with loopback allowed, so every other spec passes through the allowed path.
 */
test.describe('IP allow-list', () => {
  let web: ChildProcess | undefined;
  let base = '';
  const log = path.join(RESULTS_DIR, 'e2e-web-allowlist.log');

  test.beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const fd = fs.openSync(log, 'w');
    web = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], {
      cwd: ROOT, stdio: ['ignore', fd, fd], detached: true,
      env: { ...process.env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1', DATABASE_URL: e2eEnv().databaseUrl, TRADING_MODE: 'paper', LOG_LEVEL: 'info',
        AUTH_SECRET: randomBytes(32).toString('base64'), SENTINEL_ENCRYPTION_KEY: randomBytes(32).toString('base64'), METRICS_TOKEN: randomBytes(24).toString('base64'),
        DASHBOARD_IP_ALLOWLIST: '10.0.0.0/8,2001:db8::/32' },
    });
    fs.closeSync(fd);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await fetch(`${base}/login`).then((r) => r.status, () => 0);
      if (status === 403) break;
      if (Date.now() > deadline) throw new Error(`the second dashboard did not answer 403 within 60 s (last ${status}): ${fs.readFileSync(log, 'utf8').slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  test.afterAll(() => { if (web?.pid) process.kill(-web.pid, 'SIGTERM'); });

  test('an address outside the list gets 403 on every page and API, with security headers, and the refusal is logged', async ({ page }) => {
    const res = await page.goto(`${base}/login`);
    expect(res?.status()).toBe(403);
    await expect(page.locator('h1')).toHaveText('Access denied');
    expect(res?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await expect(page.locator('input[name=password]')).toHaveCount(0); // no login form to guess at

    const api = await page.request.get(`${base}/api/metrics`, { headers: { authorization: 'Bearer anything' } });
    expect(api.status()).toBe(403);
    expect(api.headers()['content-type']).toContain('application/json');
    const trpc = await page.request.post(`${base}/api/trpc/control.setSafeMode`, { headers: { origin: base, 'x-sentinel-csrf': '1' }, data: { json: {} } });
    expect(trpc.status()).toBe(403);

    await expect.poll(() => fs.readFileSync(log, 'utf8'), { timeout: 5000 }).toMatch(/"ip":"127\.0\.0\.1".*address not on DASHBOARD_IP_ALLOWLIST|address not on DASHBOARD_IP_ALLOWLIST.*"ip":"127\.0\.0\.1"/);
  });
});
