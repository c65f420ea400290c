import { expect, test } from '@playwright/test';
import { withDb } from '../support/db';
import { USERS } from '../support/e2e-env';
import { submitLogin } from '../support/login';

test.describe('login', () => {
  // failed attempts count towards the per-e-mail and per-IP lockout: forget ours, so
  // the viewer can still log in however often these tests run (--repeat-each)
  test.afterEach(async () => {
    await withDb((c) => c.query('DELETE FROM "LoginAttempt" WHERE "isSucceeded" = false AND email = ANY($1)', [[USERS.viewer.email, 'nobody@e2e.test']]));
  });

  test('a wrong password is refused with a clear message and the user stays on /login', async ({ page, context }) => {
    await page.goto('/login');
    await submitLogin(page, USERS.viewer.email, 'not-the-right-password');

    await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong e-mail or password.');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
    // the form is usable again and no session was issued
    await expect(page.locator('form button[type=submit]')).toBeEnabled();
    const cookies = await context.cookies();
    expect(cookies.filter((c) => /session-token/.test(c.name))).toEqual([]);
    // the dashboard is still closed
    await page.goto('/');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
  });

  test('an unknown e-mail gets the same message (no account enumeration)', async ({ page }) => {
    await page.goto('/login');
    await submitLogin(page, 'nobody@e2e.test', 'whatever-password-123');
    await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong e-mail or password.');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
  });

  test('an unauthenticated visit to / redirects to /login', async ({ page }) => {
    const res = await page.goto('/');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
    expect(res?.ok()).toBe(true);
    await expect(page.locator('input[name=email]')).toBeVisible();
    await expect(page.getByTestId('current-user')).toHaveCount(0);
  });

  test('the API refuses an anonymous caller with 401', async ({ request }) => {
    const res = await request.get('/api/trpc/overview.get');
    expect(res.status()).toBe(401);
    const body = await res.json();
    expect(body.error?.json?.data?.code).toBe('UNAUTHORIZED');
  });
});
