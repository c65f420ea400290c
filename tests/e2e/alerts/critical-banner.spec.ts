import { expect, test } from '@playwright/test';
import { withDb } from '../support/db';
import { e2eEnv, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

/** A critical alert appears on every page in the banner; an operator acknowledges it there; a viewer sees it without the button. */
test('the critical banner appears and an operator acknowledges it; who and when are kept', async ({ page, browser }) => {
  const code = `E2E_BANNER_${Date.now()}`;
  await withDb((c) => c.query(`INSERT INTO "Alert" (id, "accountId", severity, code, message, evidence, "dedupKey", "openDedupKey", "lastSeenAt")
    VALUES (gen_random_uuid(), $1, 'CRITICAL', $2, $3, '{}', $2, $2, now() + interval '1 hour')`, [e2eEnv().accountId, code, `banner test ${code}`]));

  const viewer = await browser.newPage();
  await logIn(viewer, USERS.viewer);
  await viewer.goto('/positions');
  await expect(viewer.getByTestId('critical-banner')).toContainText(`banner test ${code}`, { timeout: 10_000 });
  await expect(viewer.getByTestId('critical-banner-ack')).toHaveCount(0);

  await logIn(page, USERS.operator);
  await page.goto('/performance');
  const banner = page.getByTestId('critical-banner');
  await expect(banner).toContainText(`banner test ${code}`, { timeout: 10_000 });
  await saveScreenshot(page, 'critical-banner');
  await banner.getByTestId('critical-banner-ack').click();
  await expect(page.getByText(`banner test ${code}`)).toHaveCount(0, { timeout: 5000 });

  const row = await withDb(async (c) => (await c.query(`SELECT a.status, u.email FROM "Alert" a JOIN "User" u ON u.id = a."acknowledgedById" WHERE a.code = $1`, [code])).rows[0]);
  expect(row).toEqual({ status: 'ACKNOWLEDGED', email: USERS.operator.email });
  const audit = await withDb(async (c) => (await c.query(`SELECT "actorLabel" FROM "AuditLog" WHERE action = 'alert.acknowledged' ORDER BY seq DESC LIMIT 1`)).rows[0]);
  expect(audit?.actorLabel).toContain(USERS.operator.email);
  await expect(viewer.getByText(`banner test ${code}`)).toHaveCount(0, { timeout: 5000 });
  await viewer.close();
});
