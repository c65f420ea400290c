import { expect, test } from '@playwright/test';
import { e2eEnv, USERS } from '../support/e2e-env';
import { safeModeRow } from '../support/db';
import { logIn } from '../support/login';
import { sameOriginHeaders } from '../support/forge';

test.describe('viewer', () => {
  test('sees the overview (worker alive, paper mode, safe mode state) but cannot change safe mode', async ({ page }) => {
    await logIn(page, USERS.viewer);

    await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
    await expect(page.getByTestId('worker-status').locator('.stat-value')).toHaveText('ALIVE', { timeout: 10_000 });
    await expect(page.getByTestId('trading-mode').locator('.stat-value')).toHaveText('PAPER');
    await expect(page.getByTestId('safe-mode-stat').locator('.stat-value')).toHaveText(/^(ON|OFF)$/);

    const card = page.getByTestId('safe-mode-card');
    await expect(card).toBeVisible();
    await expect(card.getByTestId('safe-mode-state')).toHaveAttribute('data-applied', /^(true|false)$/);
    await expect(card.getByTestId('safe-mode-readonly')).toBeVisible();
    await expect(page.getByTestId('safe-mode-toggle')).toHaveCount(0);
  });

  test('a forged setSafeMode call from the viewer session is refused with 403 and changes nothing', async ({ page, playwright }) => {
    const { accountId, baseURL } = e2eEnv();
    await logIn(page, USERS.viewer);
    const before = await safeModeRow(accountId);

    // the viewer's own cookies, sent by page.request
    const res = await page.request.post('/api/trpc/control.setSafeMode', {
      headers: sameOriginHeaders(page),
      data: { json: { accountId, isOn: !before.desiredSafeMode, isCloseAll: false, reason: 'forged by a viewer' } },
    });
    expect(res.status()).toBe(403);
    const body = await res.json();
    expect(body.error?.json?.data?.code).toBe('FORBIDDEN');
    expect(body.error?.json?.data?.httpStatus).toBe(403);

    // the same call with no session at all
    const anonymous = await playwright.request.newContext({ baseURL });
    try {
      const anon = await anonymous.post('/api/trpc/control.setSafeMode', { headers: { origin: baseURL!, 'x-sentinel-csrf': '1' }, data: { json: { accountId, isOn: true, isCloseAll: false } } });
      expect(anon.status()).toBe(401);
    } finally {
      await anonymous.dispose();
    }

    expect(await safeModeRow(accountId)).toEqual(before);
    await expect(page.getByTestId('safe-mode-readonly')).toBeVisible();
  });
});
