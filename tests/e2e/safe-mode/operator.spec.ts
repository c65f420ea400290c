import { expect, test, type Page } from '@playwright/test';
import { e2eEnv, USERS } from '../support/e2e-env';
import { safeModeRow, withDb } from '../support/db';
import { logIn } from '../support/login';

/** Ask for safe mode `isOn` through the confirm dialog and wait until the running worker has applied it, without a reload. */
async function requestSafeMode(page: Page, isOn: boolean, reason: string) {
  const card = page.getByTestId('safe-mode-card');
  const toggle = card.getByTestId('safe-mode-toggle');
  await expect(toggle).toHaveText(isOn ? 'Turn safe mode on…' : 'Turn safe mode off…');
  await toggle.click();

  const dialog = card.getByRole('dialog', { name: 'Confirm safe mode' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('safe-mode-close-all')).toHaveCount(isOn ? 1 : 0);
  if (isOn) await expect(dialog.getByTestId('safe-mode-close-all')).not.toBeChecked();
  await dialog.getByTestId('safe-mode-reason').fill(reason);
  await dialog.getByTestId('safe-mode-confirm').click();
  await expect(dialog).toBeHidden();

  // requested → applied, for this request (not an older one), by the worker
  const command = card.getByTestId('safe-mode-command');
  await expect(command).toContainText(`safe mode ${isOn ? 'on' : 'off'}`, { timeout: 10_000 });
  await expect(command).toContainText(`by ${USERS.operator.email}`);
  await expect(command.locator('.steps')).toContainText('requested');
  await expect(command).toHaveAttribute('data-status', 'APPLIED', { timeout: 10_000 });
  await expect(card.getByTestId('safe-mode-applied')).toContainText('by e2e-worker', { timeout: 10_000 });
  await expect(card.getByTestId('safe-mode-state')).toHaveAttribute('data-applied', String(isOn), { timeout: 10_000 });
  await expect(page.getByTestId('safe-mode-stat').locator('.stat-value')).toHaveText(isOn ? 'ON' : 'OFF');
  await expect(toggle).toHaveText(isOn ? 'Turn safe mode off…' : 'Turn safe mode on…');
}

test('an operator turns safe mode on with a reason, sees the worker apply it live, and turns it off again', async ({ page }) => {
  const { accountId } = e2eEnv();
  await logIn(page, USERS.operator);
  await expect(page.getByTestId('worker-status').locator('.stat-value')).toHaveText('ALIVE', { timeout: 10_000 });

  // independent of order: start from OFF even if an earlier run left it on
  const state = page.getByTestId('safe-mode-state');
  await expect(state).toHaveAttribute('data-applied', /^(true|false)$/);
  if ((await state.getAttribute('data-applied')) === 'true') await requestSafeMode(page, false, 'e2e: reset before the test');

  const before = await safeModeRow(accountId);
  let loads = 0;
  page.on('load', () => { loads += 1; });

  const reason = `e2e exchange incident ${Date.now()}`;
  const startedAt = Date.now();
  await requestSafeMode(page, true, reason);
  const appliedMs = Date.now() - startedAt;
  expect(loads, 'the page must update without a reload').toBe(0);
  expect(appliedMs).toBeLessThan(10_000);

  const on = await safeModeRow(accountId);
  expect(on).toMatchObject({ desiredSafeMode: true, isSafeMode: true, safeModeReason: reason, commands: before.commands + 1 });
  const cmd = await withDb((c) => c.query<{ status: string; appliedBy: string; payload: { isOn: boolean; isCloseAll: boolean; reason: string | null } }>(
    `SELECT status, "appliedBy", payload FROM "ControlCommand" WHERE "accountId" = $1 ORDER BY "requestedAt" DESC LIMIT 1`, [accountId]));
  expect(cmd.rows[0]).toMatchObject({ status: 'APPLIED', appliedBy: 'e2e-worker', payload: { isOn: true, isCloseAll: false, reason } });
  const audit = await withDb((c) => c.query<{ action: string }>(
    `SELECT action FROM "AuditLog" WHERE "accountId" = $1 AND action LIKE 'control.%' ORDER BY seq DESC LIMIT 2`, [accountId]));
  expect(audit.rows.map((r) => r.action).sort()).toEqual(['control.safe-mode.requested', 'control.set-safe-mode.applied']);

  await requestSafeMode(page, false, 'e2e: incident over');
  expect(loads).toBe(0);
  expect(await safeModeRow(accountId)).toMatchObject({ desiredSafeMode: false, isSafeMode: false, commands: before.commands + 2 });
});
