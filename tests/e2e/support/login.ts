import { expect, type Page } from '@playwright/test';
import type { E2eUser } from './e2e-env';

/** Fill the login form (the page must be on /login or will be sent there). */
export async function submitLogin(page: Page, email: string, password: string) {
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/login')) await page.goto('/login');
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
}

/** Log in through the form and wait for the dashboard to show the user. */
export async function logIn(page: Page, user: E2eUser) {
  await submitLogin(page, user.email, user.password);
  await expect(page).toHaveURL((u) => u.pathname === '/', { timeout: 15_000 });
  await expect(page.getByTestId('current-user')).toHaveText(user.email);
}
