import { expect, test, type Page } from '@playwright/test';
import { e2eEnv, USERS, type E2eUser } from '../support/e2e-env';
import { safeModeRow, withDb } from '../support/db';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';
import { sameOriginHeaders } from '../support/forge';

/** Every page of the sidebar, read from the page itself (so a page added later is covered too). */
async function dashboardPages(page: Page): Promise<string[]> {
  const hrefs = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').evaluateAll((els) => els.map((e) => e.getAttribute('href') ?? ''));
  expect(hrefs).toContain('/emergency');
  return hrefs;
}

async function visitAll(page: Page, user: E2eUser, check: (path: string) => Promise<void>) {
  await logIn(page, user);
  for (const path of await dashboardPages(page)) {
    await page.goto(path);
    await expect(page.getByTestId('current-user')).toHaveText(user.email);
    await check(path);
  }
}

/**
 * The shared stack must be left as the other specs expect it (paper replay trading, no open
 * critical alert): safe mode off through the control channel and the emergency alerts
 * acknowledged, even when a test failed half-way.
 */
async function restoreStack() {
  const { accountId } = e2eEnv();
  await withDb(async (c) => {
    await c.query(`UPDATE "Alert" SET status = 'ACKNOWLEDGED', "acknowledgedAt" = now(), "openDedupKey" = NULL WHERE code = 'EMERGENCY_STOP' AND status = 'OPEN'`);
    const s = await c.query<{ desiredSafeMode: boolean }>('SELECT "desiredSafeMode" FROM "RiskState" WHERE "accountId" = $1', [accountId]);
    if (!s.rows[0]?.desiredSafeMode) return;
    const cmd = await c.query<{ id: string }>(`INSERT INTO "ControlCommand" (id, "accountId", type, payload, "requestedAt") VALUES (gen_random_uuid(), $1, 'SET_SAFE_MODE', $2, now()) RETURNING id`,
      [accountId, JSON.stringify({ isOn: false, isCloseAll: false, reason: 'e2e: emergency spec cleanup' })]);
    await c.query('UPDATE "RiskState" SET "desiredSafeMode" = false WHERE "accountId" = $1', [accountId]);
    await c.query(`SELECT pg_notify('sentinel_control', $1)`, [cmd.rows[0]!.id]);
  });
  await expect.poll(async () => (await safeModeRow(accountId)).isSafeMode, { timeout: 15_000 }).toBe(false);
}

test.describe('emergency procedures', () => {
  test.afterAll(restoreStack);

  test('the emergency stop button is on every dashboard page for an operator', async ({ page }) => {
    await visitAll(page, USERS.operator, async (path) => {
      await expect(page.getByTestId('emergency-stop'), path).toBeVisible();
    });
  });

  test('a viewer sees no emergency stop on any page, no emergency controls, and a forged request is refused', async ({ page }) => {
    await visitAll(page, USERS.viewer, async (path) => {
      await expect(page.getByRole('heading', { level: 1 }), path).toBeVisible();
      await expect(page.getByTestId('emergency-stop'), path).toHaveCount(0);
    });
    await page.goto('/emergency');
    await expect(page.getByTestId('emergency-state').first()).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('extreme-mode-toggle')).toHaveCount(0);
    await expect(page.getByTestId('cancel-orders')).toHaveCount(0);
    const before = await safeModeRow();
    const res = await page.request.post('/api/trpc/emergency.stop', { headers: sameOriginHeaders(page), data: { json: { reason: 'forged by a viewer session', isCloseAll: true } } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error?.json?.data?.code).toBe('FORBIDDEN'); // the role check, not the CSRF guard
    expect(await safeModeRow()).toEqual(before);
  });

  test('an admin keeps the emergency contacts in Settings; the Emergency page lists them', async ({ page }) => {
    await logIn(page, USERS.admin);
    await page.goto('/settings');
    const admin = page.getByTestId('emergency-contacts-admin');
    const add = admin.getByRole('form', { name: 'Add an emergency contact' });
    await add.getByTestId('contact-name').fill('Ada Lovelace');
    await add.getByTestId('contact-role').fill('On-call operator');
    await add.getByTestId('contact-save').click();
    await expect(admin.getByRole('alert')).toContainText('phone: a phone or an e-mail is required');
    await add.getByTestId('contact-phone').fill('+41 44 123 45 67');
    await add.getByTestId('contact-notes').fill('First call, any hour. Can reset a lock.');
    await add.getByTestId('contact-save').click();
    await expect(admin.getByTestId('contact-row')).toContainText('Ada Lovelace');
    await add.getByTestId('contact-name').fill('Exchange support');
    await add.getByTestId('contact-role').fill('Exchange incident desk');
    await add.getByTestId('contact-email').fill('support@exchange.example');
    await add.getByTestId('contact-order').fill('2');
    await add.getByTestId('contact-save').click();
    await expect(admin.getByTestId('contact-row')).toHaveCount(2);

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Emergency' }).click();
    const rows = page.getByTestId('emergency-contact');
    await expect(rows).toHaveCount(2);
    await expect(rows.first()).toContainText('Ada Lovelace');
    await expect(rows.first().getByRole('link', { name: '+41 44 123 45 67' })).toHaveAttribute('href', 'tel:+41441234567');
    const audit = await withDb((c) => c.query<{ n: string }>(`SELECT count(*)::text AS n FROM "AuditLog" WHERE action = 'emergencyContact.added'`));
    expect(Number(audit.rows[0]!.n)).toBeGreaterThanOrEqual(2);
  });

  test('an operator switches extreme market mode on (safe mode, smaller sizes) and off again (safe mode stays until lifted)', async ({ page }) => {
    await logIn(page, USERS.operator);
    await page.goto('/emergency');
    const control = page.getByTestId('extreme-mode-control');
    await control.getByTestId('extreme-mode-toggle').click();
    await control.getByTestId('extreme-mode-reason').fill('e2e: BTC moved 12% in an hour');
    await control.getByTestId('extreme-mode-multiplier').fill('2');
    await control.getByTestId('extreme-mode-confirm').click();
    await expect(control.getByRole('alert')).toContainText('sizeMultiplier: at most 1');
    await control.getByTestId('extreme-mode-multiplier').fill('0.3');
    await control.getByTestId('extreme-mode-confirm').click();
    await expect(page.getByTestId('emergency-extreme-mode')).toHaveAttribute('data-on', 'true', { timeout: 10_000 });
    await expect(page.getByTestId('emergency-extreme-mode')).toContainText('sizes × 0.3');
    await expect(page.getByTestId('emergency-safe-mode')).toHaveAttribute('data-applied', 'true');
    await expect(control.getByTestId('extreme-mode-request')).toHaveAttribute('data-status', 'APPLIED');
    await saveScreenshot(page, 'emergency-extreme');

    await control.getByTestId('extreme-mode-toggle').click();
    await control.getByTestId('extreme-mode-reason').fill('e2e: volatility back to normal');
    await control.getByTestId('extreme-mode-confirm').click();
    await expect(page.getByTestId('emergency-extreme-mode')).toHaveAttribute('data-on', 'false', { timeout: 10_000 });
    await expect(page.getByTestId('emergency-safe-mode')).toHaveAttribute('data-applied', 'true');
    const audit = await withDb((c) => c.query<{ action: string }>(`SELECT action FROM "AuditLog" WHERE action LIKE '%extreme-mode%' ORDER BY seq`));
    expect(audit.rows.map((r) => r.action)).toEqual(['emergency.extreme-mode.requested', 'risk.extreme-mode.on', 'control.set-extreme-mode.applied',
      'emergency.extreme-mode.requested', 'risk.extreme-mode.off', 'control.set-extreme-mode.applied']);
    await restoreStack();
  });

  test('pressing it with a reason: safe mode ON on the Overview, pending entries cancelled, audited; the Emergency page shows each step', async ({ page }) => {
    const { accountId } = e2eEnv();
    await logIn(page, USERS.operator);
    await expect(page.getByTestId('worker-status').locator('.stat-value')).toHaveText('ALIVE', { timeout: 10_000 });
    await page.goto('/positions');

    await page.getByTestId('emergency-stop').click();
    const dialog = page.getByRole('dialog', { name: 'Emergency stop' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('emergency-stop-close-all')).not.toBeChecked();
    await expect(dialog.getByTestId('emergency-stop-confirm')).toBeDisabled(); // no reason yet
    const reason = `e2e: exchange incident ${Date.now()}`;
    await dialog.getByTestId('emergency-stop-reason').fill(reason);
    await saveScreenshot(page, 'emergency-stop-dialog');
    await dialog.getByTestId('emergency-stop-confirm').click();
    await expect(dialog.getByTestId('emergency-stop-sent')).toContainText('sent to the worker');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Overview' }).click();
    await expect(page.getByTestId('safe-mode-stat').locator('.stat-value')).toHaveText('ON', { timeout: 10_000 });
    await expect(page.getByTestId('safe-mode-state')).toHaveAttribute('data-applied', 'true');
    await expect(page.getByTestId('safe-mode-stat')).toContainText('no new positions');

    const cmd = await withDb((c) => c.query<{ id: string; status: string; appliedBy: string }>(
      `SELECT id, status, "appliedBy" FROM "ControlCommand" WHERE "accountId" = $1 AND type = 'EMERGENCY_STOP' ORDER BY "requestedAt" DESC LIMIT 1`, [accountId]));
    expect(cmd.rows[0]).toMatchObject({ status: 'APPLIED', appliedBy: 'e2e-worker' });
    const audit = await withDb((c) => c.query<{ action: string; actorLabel: string }>(
      `SELECT action, "actorLabel" FROM "AuditLog" WHERE "targetId" = $1 ORDER BY seq`, [cmd.rows[0]!.id]));
    expect(audit.rows).toEqual([
      { action: 'emergency.stop.requested', actorLabel: USERS.operator.email },
      { action: 'control.emergency-stop.applied', actorLabel: 'worker:e2e-worker' },
    ]);
    expect(await safeModeRow(accountId)).toMatchObject({ isSafeMode: true, desiredSafeMode: true, safeModeReason: `emergency stop by ${USERS.operator.email}: ${reason}` });

    await page.goto('/emergency');
    const stop = page.getByTestId('emergency-last-stop');
    await expect(stop).toHaveAttribute('data-status', 'APPLIED', { timeout: 10_000 });
    await expect(stop).toContainText(reason);
    await expect(stop.getByTestId('emergency-step-safe_mode')).toHaveAttribute('data-status', 'done');
    await expect(stop.getByTestId('emergency-step-cancel_orders')).toHaveAttribute('data-status', 'done');
    await expect(stop.getByTestId('emergency-step-close_positions')).toHaveAttribute('data-status', 'skipped');
    await expect(page.getByTestId('emergency-safe-mode')).toHaveAttribute('data-applied', 'true');
    await expect(page.getByTestId('runbook')).toHaveCount(3);
    await expect(page.getByTestId('runbook').nth(1)).toContainText('Switch to a backup exchange');
    const banner = page.getByTestId('critical-banner');
    await expect(banner).toContainText(`Emergency stop on`, { timeout: 10_000 });

    // the operator acknowledges the alert and resumes from the Overview
    await banner.getByTestId('critical-banner-ack').click();
    await expect(page.getByTestId('critical-banner')).toHaveCount(0, { timeout: 10_000 });
    await saveScreenshot(page, 'emergency');
    await page.goto('/');
    await page.getByTestId('safe-mode-toggle').click();
    await page.getByTestId('safe-mode-reason').fill('e2e: incident over, resume with caution');
    await page.getByTestId('safe-mode-confirm').click();
    await expect(page.getByTestId('safe-mode-state')).toHaveAttribute('data-applied', 'false', { timeout: 10_000 });
  });
});
