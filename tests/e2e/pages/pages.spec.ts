import { expect, test } from '@playwright/test';
import { e2eEnv, USERS } from '../support/e2e-env';
import { withDb } from '../support/db';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

test.describe('the dashboard pages on a running paper replay', () => {
  test.beforeEach(async ({ page }) => { await logIn(page, USERS.operator); });

  test('Positions & orders: open positions with resting stops, their orders, closed trades, and a chart of one', async ({ page }) => {
    await page.goto('/positions');
    await expect(page.getByRole('heading', { name: 'Positions & orders' })).toBeVisible();
    await expect(async () => {
      expect(await page.getByTestId('open-position-row').count() + await page.getByTestId('closed-row').count()).toBeGreaterThan(0);
    }).toPass({ timeout: 60_000 });
    for (const row of await page.getByTestId('open-position-row').all()) await expect(row.getByText('resting')).toBeVisible();
    const chartButton = page.getByTestId('open-position-row').first().getByRole('button', { name: /^Chart of/ })
      .or(page.getByTestId('closed-row').first().getByRole('button', { name: /^Chart of/ }));
    await chartButton.first().click();
    await expect(page.getByTestId('trade-chart')).toBeVisible({ timeout: 10_000 });
    await expect(page.getByTestId('trade-chart').locator('canvas').first()).toBeVisible();
    await saveScreenshot(page, 'positions');
  });

  test('an operator closes one position: confirmed, carried out by the worker, audited', async ({ page }) => {
    await page.goto('/positions');
    const row = page.getByTestId('open-position-row').filter({ has: page.getByTestId('close-position') }).first();
    await expect(row).toBeVisible({ timeout: 60_000 });
    const id = await row.getAttribute('data-position-id');
    await row.getByTestId('close-position').click();
    await page.getByTestId('close-reason').fill('e2e: manual close');
    // a double click sends one command
    await page.getByTestId('close-confirm').dblclick();
    await expect.poll(() => withDb(async (c) => (await c.query<{ status: string }>('SELECT status FROM "Position" WHERE id = $1', [id])).rows[0]?.status), { timeout: 20_000 })
      .toBe('CLOSED');
    const { rows } = await withDb((c) => c.query<{ n: string; reason: string }>(
      `SELECT count(*)::text AS n, max(p."exitReason"::text) AS reason FROM "ControlCommand" cc JOIN "Position" p ON p.id = (cc.payload->>'positionId')::uuid
       WHERE cc.type = 'CLOSE_POSITION' AND cc.payload->>'positionId' = $1`, [id]));
    expect(rows[0]).toEqual({ n: '1', reason: 'MANUAL' });
    const audit = await withDb((c) => c.query('SELECT 1 FROM "AuditLog" WHERE action = $1 AND "targetId" = $2', ['position.close.requested', id]));
    expect(audit.rowCount).toBe(1);
  });

  test('Journal: decisions with the rule-by-rule explanation, filtered on the server and paged', async ({ page }) => {
    await page.goto('/journal');
    await expect(page.getByTestId('journal-row').first()).toBeVisible({ timeout: 30_000 });
    await page.getByTestId('filter-outcome').selectOption('REJECTED');
    await expect(page).toHaveURL(/outcome=REJECTED/);
    await expect(async () => {
      const outcomes = await page.getByTestId('journal-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-outcome')));
      expect(outcomes.length).toBeGreaterThan(0);
      expect(new Set(outcomes)).toEqual(new Set(['REJECTED']));
    }).toPass({ timeout: 30_000 });
    await page.getByTestId('journal-expand').first().click();
    await expect(page.getByTestId('journal-explanation').first().locator('li').first()).toContainText(/safe mode|trading state/);
    if (await page.getByTestId('journal-older').isEnabled()) {
      const first = await page.getByTestId('journal-row').first().textContent();
      await page.getByTestId('journal-older').click();
      await expect(page.getByTestId('journal-page')).toHaveText('page 2');
      await expect(page.getByTestId('journal-row').first()).not.toHaveText(first ?? '');
    }
    await saveScreenshot(page, 'journal');
  });

  test('Performance: metrics, equity, daily P&L and drawdown charts, per strategy, with a period selector', async ({ page }) => {
    await page.goto('/performance');
    await expect(page.getByTestId('perf-sharpe')).toBeVisible();
    await expect(page.getByTestId('chart-equity').locator('svg.recharts-surface')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('chart-drawdown').locator('svg.recharts-surface')).toBeVisible();
    await page.getByTestId('period-all').click();
    await expect(page.getByTestId('period-all')).toHaveAttribute('aria-pressed', 'true');
    await saveScreenshot(page, 'performance');
  });

  test('Overview, Risk, Alerts, Audit log and Settings render with the stack\'s data', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByTestId('equity')).toBeVisible();
    await saveScreenshot(page, 'overview');
    for (const [path, heading, name] of [['/risk', 'Risk', 'risk'], ['/alerts', 'Alerts', 'alerts'], ['/audit', 'Audit log', 'audit']] as const) {
      await page.goto(path);
      await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible();
      await saveScreenshot(page, name);
    }
    expect(e2eEnv().accountId).toBeTruthy();
  });
});
