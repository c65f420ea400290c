import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createDb } from '@/adapters/db/client';
import { writeDailyReport } from '@/worker/ops/write-daily-report';
import { withDb } from '../support/db';
import { e2eEnv, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';
import { sameOriginHeaders } from '../support/forge';

const task = (page: Page, key: string) => page.locator(`[data-testid=ops-task][data-key="${key}"]`);

/** axe-core on the page's own content (the shared layout is checked by the quality spec). */
async function expectAccessible(page: Page) {
  const r = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join(", ")}`)).toEqual([]);
}

test.describe('operations tasks and daily reports', () => {
  test('an operator marks a task done with a note and sees who did it; automatic tasks have no tick', async ({ page }) => {
    await logIn(page, USERS.operator);
    await page.goto('/operations');
    await expect(page.getByRole('heading', { name: 'Operations', exact: true })).toBeVisible();
    const logs = task(page, 'daily.log-review');
    // a fresh install: nothing missed yet, so due rather than overdue
    await expect(logs).toHaveAttribute('data-state', 'due');
    await expect(task(page, 'daily.summary').getByTestId('ops-tick')).toHaveCount(0);
    await expect(task(page, 'weekly.backups').getByTestId('ops-tick')).toHaveCount(0);

    await expect(logs.getByTestId('ops-tick')).toBeDisabled(); // a note is required
    await logs.getByTestId('ops-note').fill('worker and dashboard logs: no errors, no retries');
    await logs.getByTestId('ops-tick').click();
    await expect(logs).toHaveAttribute('data-state', 'done');
    await expect(logs.getByTestId('ops-run')).toContainText(`Done by ${USERS.operator.email}`);
    await expect(logs.getByTestId('ops-run')).toContainText('worker and dashboard logs: no errors, no retries');
    await expect(logs.getByTestId('ops-tick')).toHaveCount(0);

    const audit = await withDb((c) => c.query<{ actorLabel: string; note: string }>(`SELECT "actorLabel", details->>'note' AS note FROM "AuditLog" WHERE action = 'ops.task.done'`));
    expect(audit.rows).toEqual([{ actorLabel: USERS.operator.email, note: 'worker and dashboard logs: no errors, no retries' }]);
    await expectAccessible(page);
    await saveScreenshot(page, 'operations');
  });

  test('a viewer sees the tasks but cannot tick one, and a forged tick is refused', async ({ page }) => {
    await logIn(page, USERS.viewer);
    await page.goto('/operations');
    await expect(task(page, 'daily.market-watch')).toBeVisible();
    await expect(page.getByTestId('ops-tick')).toHaveCount(0);
    const before = await withDb((c) => c.query('SELECT id FROM "OpsTaskRun"'));
    const res = await page.request.post('/api/trpc/ops.tick', { headers: sameOriginHeaders(page), data: { json: { key: 'daily.market-watch', note: 'forged by a viewer' } } });
    expect(res.status()).toBe(403);
    expect((await res.json()).error?.json?.data?.code).toBe('FORBIDDEN'); // the role check, not the CSRF guard
    expect((await withDb((c) => c.query('SELECT id FROM "OpsTaskRun"'))).rowCount).toBe(before.rowCount);
    await expect(task(page, 'daily.market-watch')).not.toHaveAttribute('data-state', 'done');
  });

  test('the daily report: listed newest first, its performance and compliance table, linked from the done task', async ({ page }) => {
    // the worker writes at DAILY_SUMMARY_HOUR; run its report step now (hour 0: always due) for the replayed paper account
    const { db, close } = createDb(e2eEnv().databaseUrl, { max: 2 });
    try {
      const account = await db.tradingAccount.findUniqueOrThrow({ where: { id: e2eEnv().accountId }, select: { id: true, name: true, quoteCurrency: true } });
      // a few candle days in, so the report has trading to show (ten candle hours a second)
      await expect.poll(async () => (await db.paperReplay.findUnique({ where: { accountId: account.id } }))?.cursorTime?.getTime() ?? 0, { timeout: 30_000 })
        .toBeGreaterThan(Date.parse('2025-01-05T00:00:00Z'));
      await expect.poll(async () => (await writeDailyReport(db, account, new Date(), { timeZone: 'UTC', summaryHour: 0 })).status, { timeout: 20_000 }).not.toBe('no_clock');
    } finally {
      await close();
    }
    await logIn(page, USERS.viewer);
    await page.goto('/operations');
    const summary = task(page, 'daily.summary');
    await expect(summary).toHaveAttribute('data-state', 'done');
    await expect(summary.getByTestId('ops-run')).toContainText('Done by the system');
    await summary.getByRole('link', { name: 'open the report' }).click();

    await expect(page).toHaveURL(/\/reports\?id=/);
    await expect(page.getByRole('heading', { name: 'Reports', exact: true })).toBeVisible();
    await expect(page.getByTestId('report-row').first()).toHaveAttribute('data-selected', 'true');
    await expect(page.getByTestId('report-performance')).toContainText('Paper account');
    await expect(page.getByTestId('report-violations')).toBeVisible();
    await page.getByTestId('compliance-all').check();
    await expect.poll(() => page.getByTestId('compliance-row').count()).toBeGreaterThanOrEqual(20);
    await expect(page.locator('[data-testid=compliance-row][data-rule="exposure.total"]')).toBeVisible();
    await expectAccessible(page);
    await saveScreenshot(page, 'reports');

    // readable on a phone
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/operations', '/reports']) {
      await page.goto(path);
      await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 15_000 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), path).toBeLessThanOrEqual(0);
    }
    await saveScreenshot(page, 'reports-phone');
  });
});
