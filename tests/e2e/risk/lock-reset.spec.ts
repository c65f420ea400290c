import { expect, test } from '@playwright/test';
import { withDb } from '../support/db';
import { e2eEnv, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

test('a locked account: the admin resets it with a written reason, once however often clicked; the worker applies it and the history shows it', async ({ page }) => {
  const { accountId } = e2eEnv();
  // a drawdown lock, as the risk tiers would set it (the worker keeps LOCKED: only a reset leaves it)
  await withDb((c) => c.query(`UPDATE "RiskState" SET "tradingState" = 'LOCKED', "stateReason" = 'drawdown 21.00% > 20.00%: locked', "stateChangedAt" = now() WHERE "accountId" = $1`, [accountId]));
  await logIn(page, USERS.admin);
  await page.goto('/risk');
  await expect(page.getByTestId('risk-state')).toHaveText('LOCKED', { timeout: 10_000 });
  await expect(page.getByTestId('reset-lock')).toBeDisabled(); // no reason yet
  await page.getByTestId('reset-reason').fill('e2e: investigated the drawdown, strategy fixed');
  await page.getByTestId('reset-lock').click();
  await page.getByTestId('reset-lock-confirm').dblclick();
  await expect(page.getByTestId('risk-state')).toHaveText('ACTIVE', { timeout: 15_000 });
  await expect(page.getByTestId('risk-history-row').first()).toContainText('manual-reset');
  await expect(page.getByTestId('risk-history-row').first()).toContainText('e2e: investigated the drawdown, strategy fixed');
  const cmds = await withDb((c) => c.query<{ status: string }>(`SELECT status FROM "ControlCommand" WHERE "accountId" = $1 AND type = 'RESET_LOCK'`, [accountId]));
  expect(cmds.rows).toEqual([{ status: 'APPLIED' }]);
  await saveScreenshot(page, 'risk-reset');
});
