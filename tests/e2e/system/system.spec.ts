import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { E2E_METRICS_TOKEN, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

/**
 * The System page with the e2e stack's real worker (paper replay): its heartbeat at once,
 * and the database latency it measures once its first one-minute window is written (up
 * to a minute after it started, so the wait is long; nothing here is timed). Then the
 * Risk page's losing streak and market volatility from the replay's stored candles.
 */
const LATENCY = /^\d+(\.\d+)? (µs|ms|s)$/;
const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe.configure({ mode: 'serial' });

test('the System page: the worker alive with its last beat, then the database latency and loop lag of its first window, also at /api/metrics', async ({ page, request }) => {
  test.setTimeout(150_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await logIn(page, USERS.viewer);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'System' }).click();
  await expect(page).toHaveURL(/\/system$/);
  await expect(page.getByRole('heading', { name: 'System', exact: true })).toBeVisible();

  await expect(page.getByTestId('stat-heartbeat')).toContainText('ALIVE');
  await expect(page.getByTestId('stat-heartbeat')).toContainText(/last beat \d+s ago/);
  const worker = page.getByTestId('worker-row').filter({ hasText: 'e2e-worker' });
  await expect(worker.getByTestId('worker-liveness')).toHaveText('alive');
  await expect(worker.getByTestId('worker-beat-age')).toHaveText(/^\d+s ago$/);

  // the worker writes its first window at the next whole minute; the page polls every 5 s
  await expect(page.getByTestId('stat-db').locator('.stat-value')).toHaveText(LATENCY, { timeout: 120_000 });
  await expect(page.getByTestId('stat-db')).toContainText(/p99 \d+(\.\d+)? (µs|ms|s)/);
  await expect(page.getByTestId('db-row').filter({ hasText: 'SELECT 1 (each heartbeat)' })).toBeVisible();
  await expect(page.getByTestId('db-row').filter({ hasText: 'every statement' })).toBeVisible();
  await expect(worker.getByTestId('worker-loop-lag')).toHaveText(/^\d+(\.\d+)? (µs|ms|s) \/ \d+(\.\d+)? (µs|ms|s)$/);
  // paper replay calls no exchange; its simulated fills count as paper orders
  await expect(page.getByTestId('system-exchange')).toContainText('paper replay trades without an exchange');
  await expect(page.getByTestId('stat-orders-paper').locator('.stat-value')).toHaveText(/^(\d+\.\d%|—)$/);
  await expect(page.getByTestId('chart-db-loop')).toBeVisible();
  await saveScreenshot(page, 'system');

  // the same window, exported to Prometheus
  const res = await request.get('/api/metrics', { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  const body = await res.text();
  expect(body).toMatch(/^sentinel_db_query_duration_seconds\{worker="e2e-worker",kind="probe",quantile="0\.99"\} \d/m);
  expect(body).toMatch(/^sentinel_event_loop_lag_seconds\{worker="e2e-worker",quantile="1"\} \d/m);
  expect(body).toMatch(/^sentinel_order_success_ratio\{venue="paper"\} (1|0\.\d+)$/m);
  expect(body).toMatch(/^sentinel_sharpe_ratio\{account="[^"]+"\} -?\d/m);
});

test('the System page passes the quality bar: no sideways scrolling at 390 and 1280 px, no serious axe violation', async ({ page }) => {
  await logIn(page, USERS.viewer);
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    await page.goto('/system');
    await expect(page.getByTestId('stat-heartbeat')).toBeVisible();
    await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 15_000 });
    expect(await overflowX(page), `/system scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
    if (width === 390) await saveScreenshot(page, 'system-phone');
  }
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test('the Risk page: the losing streak and each replayed market\'s volatility percentile', async ({ page }) => {
  await logIn(page, USERS.viewer);
  await page.goto('/risk');
  const card = page.getByTestId('risk-signals');
  await expect(card.getByTestId('consecutive-losses')).toHaveText(/^\d+\+? consecutive loss(es)? · a warning above 3$/);
  await expect(card.getByTestId('volatility-row').first()).toBeVisible({ timeout: 15_000 });
  await expect(card.getByTestId('volatility-row').filter({ hasText: 'BTC/USDT' })).toContainText(/\d+%|too few candles yet/);
  await saveScreenshot(page, 'risk-signals');
});
