import { expect, test } from '@playwright/test';
import { e2eEnv, USERS } from '../support/e2e-env';
import { withDb } from '../support/db';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';
import { sameOriginHeaders } from '../support/forge';

test.describe('stages, checklist and rollback', () => {
  test('an operator ticks a checklist item (who and when shown, the stage gate counts it) and unticks it', async ({ page }) => {
    await logIn(page, USERS.operator);
    await page.goto('/stages');
    const summary = page.getByTestId('checklist-summary');
    const before = Number((await summary.locator('strong').textContent())?.split(' ')[0]);
    await page.goto('/checklist');
    const item = page.locator('[data-testid=checklist-item][data-key="risk.sizing"]');
    await expect(item).toHaveAttribute('data-status', 'unticked');
    await item.getByRole('textbox').fill('checked on five sample intents');
    await item.getByTestId('checklist-toggle').click();
    await expect(item).toHaveAttribute('data-status', 'ticked');
    await expect(item).toContainText(`Ticked by ${USERS.operator.email}`);
    await expect(item).toContainText('checked on five sample intents');
    // what the system verifies shows its evidence; a check that fails says what is missing, never green
    await expect(page.locator('[data-testid=checklist-item][data-key="env.database"]')).toHaveAttribute('data-status', 'verified');
    const backup = page.locator('[data-testid=checklist-item][data-key="ops.backup"]');
    await expect(backup.getByTestId('checklist-status')).toHaveText('check failed');
    await expect(backup).toContainText('no backup yet: run npm run backup');
    await saveScreenshot(page, 'checklist');
    await page.goto('/stages');
    await expect(summary.locator('strong')).toHaveText(`${before + 1} of 19`);
    await page.goto('/checklist');
    await item.getByTestId('checklist-toggle').click();
    await expect(item).toHaveAttribute('data-status', 'unticked');
    const audit = await withDb((c) => c.query<{ action: string }>(`SELECT action FROM "AuditLog" WHERE action LIKE 'checklist.%' ORDER BY seq`));
    expect(audit.rows.map((r) => r.action)).toEqual(['checklist.ticked', 'checklist.unticked']);
  });

  test('promotion is refused while criteria and checklist items are missing, and the page says why', async ({ page }) => {
    await logIn(page, USERS.operator);
    await page.goto('/stages');
    await expect(page.getByTestId('stage-1')).toHaveAttribute('aria-current', 'step');
    await expect(page.getByTestId('criterion-row')).toHaveCount(4);
    const reasons = page.getByTestId('gate-reasons');
    await expect(reasons).toContainText('Small live trades live: the worker runs with TRADING_MODE=paper');
    await expect(reasons).toContainText('Checklist: Position sizing verified — not ticked');
    await expect(page.getByTestId('promote')).toBeDisabled();
    // the server refuses a promotion the page would not offer, naming the reasons
    const res = await page.request.post('/api/trpc/stages.promote', { headers: sameOriginHeaders(page), data: { json: { accountId: e2eEnv().accountId, toOrdinal: 2, note: 'forged past the disabled button' } } });
    expect(res.status()).toBe(412);
    expect((await res.json()).error.json.message).toMatch(/^promotion to Small live is blocked: .*TRADING_MODE=paper/);
    await saveScreenshot(page, 'stages');
  });

  test('rollback: the worker cancels pending orders, closes every position and reports each step on the page', async ({ page }) => {
    await logIn(page, USERS.operator);
    await page.goto('/stages');
    await page.getByTestId('rollback').click();
    await page.getByTestId('rollback-reason').fill('e2e: strategy degraded, roll back');
    await page.getByTestId('rollback-confirm').click();
    const status = page.getByTestId('rollback-status');
    await expect(status).toHaveAttribute('data-status', 'APPLIED', { timeout: 15_000 });
    await expect(page.getByTestId('rollback-step-cancel_orders')).toHaveAttribute('data-status', 'done');
    await expect(page.getByTestId('rollback-step-close_positions')).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
    await expect(page.getByTestId('rollback-step-reduce_allocation')).toContainText('Paper is the first stage: the allocation stays at 5%');
    const open = await withDb((c) => c.query(`SELECT id FROM "Position" WHERE "accountId" = $1 AND "exitReason" = 'ROLLBACK' AND status <> 'CLOSED'`, [e2eEnv().accountId]));
    expect(open.rowCount).toBe(0);
    await saveScreenshot(page, 'stages-rollback');
  });

  test('a viewer sees no control, and every forged mutation is refused', async ({ page }) => {
    await logIn(page, USERS.viewer);
    await page.goto('/stages');
    await expect(page.getByTestId('criterion-row').first()).toBeVisible();
    await expect(page.getByTestId('promote')).toHaveCount(0);
    await expect(page.getByTestId('rollback')).toHaveCount(0);
    await page.goto('/checklist');
    await expect(page.getByTestId('checklist-item').first()).toBeVisible();
    await expect(page.getByTestId('checklist-toggle')).toHaveCount(0);
    const { accountId } = e2eEnv();
    const positionId = (await withDb((c) => c.query<{ id: string }>('SELECT id FROM "Position" LIMIT 1'))).rows[0]?.id ?? '00000000-0000-4000-8000-000000000000';
    for (const [path, json] of [
      ['stages.promote', { accountId, toOrdinal: 2, note: 'forged by a viewer' }],
      ['stages.rollback', { accountId, fromStageId: positionId, reason: 'forged by a viewer' }],
      ['checklist.setTick', { accountId, key: 'risk.sizing', isTicked: true }],
      ['positions.close', { positionId }],
    ] as const) {
      const res = await page.request.post(`/api/trpc/${path}`, { headers: sameOriginHeaders(page), data: { json } });
      expect(res.status(), path).toBe(403);
    }
  });
});
