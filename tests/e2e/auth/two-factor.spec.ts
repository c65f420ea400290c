import { expect, test, type Page } from '@playwright/test';
import { totpCodeAt } from '@/adapters/auth/totp';
import { logIn, submitLogin } from '../support/login';
import { dedicatedUser } from './dedicated-user';

async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL((u) => u.pathname === '/login', { timeout: 15_000 });
}

async function enterCode(page: Page, code: string) {
  await page.locator('input[name=code]').fill(code);
  await page.locator('form button[type=submit]').click();
}

test('TOTP: enrol in Settings, then password + code logs in, a wrong code is refused, a recovery code works once', async ({ page }) => {
  test.setTimeout(90_000);
  const user = await dedicatedUser('totp', 'OPERATOR');
  try {
    await logIn(page, user);
    await page.goto('/settings');
    const card = page.getByTestId('two-factor');
    await expect(card.getByTestId('two-factor-state')).toHaveText('off');
    await card.getByLabel('Current password').fill(user.password);
    await card.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    const secret = (await card.getByTestId('totp-secret').textContent())!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expect(card.getByTestId('totp-uri')).toContainText(`secret=${secret}`);
    await expect(card.getByRole('img', { name: 'QR code of the authenticator secret' })).toBeVisible();
    await card.getByLabel('Code from the authenticator app').fill(totpCodeAt(secret, new Date()));
    await card.getByRole('button', { name: 'Confirm and turn on' }).click();
    const codes = card.getByTestId('recovery-codes').locator('code');
    await expect(codes).toHaveCount(10);
    const recoveryCode = (await codes.first().textContent())!;
    await expect(card.getByTestId('two-factor-state')).toHaveText('on');
    await logOut(page);

    // the password alone is not enough: the form asks for the code
    await submitLogin(page, user.email, user.password);
    await expect(page.locator('input[name=code]')).toBeVisible();
    await expect(page).toHaveURL((u) => u.pathname === '/login');
    await enterCode(page, '000000');
    await expect(page.locator('form').getByRole('alert')).toContainText('Wrong code.');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
    // enrolment spent the current step: the next one (inside the ±1 window) is fresh
    await enterCode(page, totpCodeAt(secret, new Date(Date.now() + 30_000)));
    await expect(page).toHaveURL((u) => u.pathname === '/', { timeout: 15_000 });
    await expect(page.getByTestId('current-user')).toHaveText(user.email);
    await logOut(page);

    await submitLogin(page, user.email, user.password);
    await enterCode(page, recoveryCode);
    await expect(page.getByTestId('current-user')).toHaveText(user.email, { timeout: 15_000 });
    await logOut(page);

    await submitLogin(page, user.email, user.password);
    await enterCode(page, recoveryCode);
    await expect(page.locator('form').getByRole('alert')).toContainText('Wrong code.');
    await expect(page).toHaveURL((u) => u.pathname === '/login');
  } finally {
    await user.forget();
  }
});
