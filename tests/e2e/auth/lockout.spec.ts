import { expect, test } from '@playwright/test';
import { withDb } from '../support/db';
import { submitLogin } from '../support/login';
import { dedicatedUser } from './dedicated-user';

// the e2e stack runs with the defaults: LOGIN_MAX_FAILURES=5, LOGIN_LOCKOUT_MINUTES=15
const MAX_FAILURES = 5;

test('after repeated wrong passwords the account is locked: the right password is refused with the lock message', async ({ page, context }) => {
  const user = await dedicatedUser('lockout', 'OPERATOR');
  try {
    await page.goto('/login');
    const alert = page.locator('form').getByRole('alert');
    for (let i = 1; i < MAX_FAILURES; i++) {
      await submitLogin(page, user.email, `wrong-password-${i}`);
      await expect(alert).toHaveText('Wrong e-mail or password.');
    }
    await submitLogin(page, user.email, 'wrong-password-last');
    await expect(alert).toContainText('this account is locked until');

    await submitLogin(page, user.email, user.password);
    await expect(alert).toContainText('this account is locked until');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
    expect((await context.cookies()).filter((c) => /session-token/.test(c.name))).toEqual([]);

    const audit = await withDb((c) => c.query<{ details: { failureCount: number } }>(
      `SELECT details FROM "AuditLog" WHERE action = 'auth.locked' AND "actorLabel" = $1`, [user.email]));
    expect(audit.rows.map((r) => r.details.failureCount)).toEqual([MAX_FAILURES]);
  } finally {
    await user.forget();
  }
});

test('an unknown e-mail gets the same answers, lock included', async ({ page }) => {
  const email = `nobody-lockout-${Date.now()}@e2e.test`;
  try {
    await page.goto('/login');
    const alert = page.locator('form').getByRole('alert');
    for (let i = 1; i < MAX_FAILURES; i++) {
      await submitLogin(page, email, `wrong-password-${i}`);
      await expect(alert).toHaveText('Wrong e-mail or password.');
    }
    await submitLogin(page, email, 'wrong-password-last');
    await expect(alert).toContainText('this account is locked until');
  } finally {
    await withDb((c) => c.query('DELETE FROM "LoginAttempt" WHERE email = $1', [email]));
  }
});
