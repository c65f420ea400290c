import { expect, test } from '@playwright/test';
import { USERS } from '../support/e2e-env';
import { logIn } from '../support/login';

test('logging out returns to /login and the dashboard is no longer reachable', async ({ page, context, browser }) => {
  await logIn(page, USERS.operator);
  await expect(page.getByRole('heading', { name: 'Overview' })).toBeVisible();
  const stolen = (await context.cookies()).filter((c) => /session-token/.test(c.name));
  expect(stolen.length).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL((u) => u.pathname === '/login', { timeout: 15_000 });
  await expect(page.locator('input[name=email]')).toBeVisible();
  expect((await context.cookies()).filter((c) => /session-token/.test(c.name))).toEqual([]);

  // neither the page nor the API answers for the old session any more
  await page.goto('/');
  await expect(page).toHaveURL((u) => u.pathname === '/login');
  await expect(page.getByTestId('current-user')).toHaveCount(0);
  const api = await page.request.get('/api/trpc/overview.get');
  expect(api.status()).toBe(401);

  // the browser's back button does not bring the dashboard back either
  await page.goBack();
  await page.reload();
  await expect(page).toHaveURL((u) => u.pathname === '/login');

  // a copy of the session cookie taken before logout is dead too: the session ended on the server
  const thief = await browser.newContext({ baseURL: process.env.SENTINEL_E2E_BASE_URL });
  try {
    await thief.addCookies(stolen);
    const res = await thief.request.get('/api/trpc/overview.get');
    expect(res.status()).toBe(401);
    const p = await thief.newPage();
    await p.goto('/');
    await expect(p).toHaveURL((u) => u.pathname === '/login');
  } finally {
    await thief.close();
  }
});
