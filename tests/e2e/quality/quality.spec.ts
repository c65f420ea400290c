import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { withDb } from '../support/db';
import { e2eEnv, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

const PAGES = [
  ['/', 'Overview'], ['/positions', 'Positions & orders'], ['/journal', 'Journal'], ['/performance', 'Performance'], ['/risk', 'Risk'], ['/exchange', 'Exchange'],
  ['/stages', 'Stages'], ['/checklist', 'Pre-deployment checklist'], ['/alerts', 'Alerts'], ['/audit', 'Audit log'], ['/settings', 'Settings'],
  ['/system', 'System'], ['/operations', 'Operations'], ['/reports', 'Reports'], ['/emergency', 'Emergency'],
] as const;

async function open(page: Page, path: string, heading: string) {
  await page.goto(path);
  await expect(page.getByRole('heading', { name: heading, exact: true })).toBeVisible({ timeout: 15_000 });
  // let the first data render (every page polls; nothing below waits on a spinner)
  await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 15_000 });
}

const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe('quality bar on every page', () => {
  test('readable on a 390 px phone with no horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, USERS.admin);
    for (const [path, heading] of PAGES) {
      await open(page, path, heading);
      expect(await overflowX(page), `${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    }
    await open(page, '/', 'Overview');
    await saveScreenshot(page, 'overview-phone');
  });

  test('fits 1280×800 with no horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, USERS.admin);
    for (const [path, heading] of PAGES) {
      await open(page, path, heading);
      expect(await overflowX(page), `${path} scrolls sideways at 1280 px`).toBeLessThanOrEqual(0);
    }
  });

  test('axe-core finds no serious or critical accessibility violation', async ({ page }) => {
    test.setTimeout(90_000);
    await logIn(page, USERS.admin);
    for (const [path, heading] of PAGES) {
      await open(page, path, heading);
      const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
      const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), path).toEqual([]);
    }
  });

  test('the overview updates live with no layout shift (cumulative layout shift 0)', async ({ page }) => {
    await logIn(page, USERS.viewer);
    await expect(page.getByTestId('equity')).toBeVisible();
    await expect(page.getByTestId('replay-clock')).toContainText(/market time \d/);
    const first = await page.getByTestId('replay-clock').textContent();
    await page.evaluate(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) if (!e.hadRecentInput) w.__cls += e.value;
      }).observe({ type: 'layout-shift', buffered: false });
    });
    // several live refreshes: the replay clock and the figures change under the observer
    await expect(page.getByTestId('replay-clock')).not.toHaveText(first ?? '', { timeout: 10_000 });
    await page.waitForTimeout(4000);
    expect(await page.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBe(0);
  });

  test('keyboard only: the navigation is reachable with Tab and a focused control is visible', async ({ page }) => {
    await logIn(page, USERS.operator);
    await page.keyboard.press('Tab');
    let found = false;
    for (let i = 0; i < 15 && !found; i++) {
      const text = await page.evaluate(() => document.activeElement?.textContent ?? '');
      if (text.trim() === 'Journal') found = true; else await page.keyboard.press('Tab');
    }
    expect(found).toBe(true);
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/journal$/);
  });
});

test('a change in the database reaches every open page within a second, pushed by NOTIFY (no reload)', async ({ page }) => {
  await logIn(page, USERS.viewer);
  await page.goto('/journal');
  await expect(page.getByTestId('journal-row').first()).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('critical-banner')).toHaveCount(0);
  const code = `E2E_LIVE_${Date.now()}`;
  await withDb(async (c) => {
    await c.query('BEGIN');
    await c.query(`INSERT INTO "Alert" (id, "accountId", severity, code, message, evidence, "dedupKey", "openDedupKey") VALUES (gen_random_uuid(), $1, 'CRITICAL', $2, $3, '{}', $2, $2)`,
      [e2eEnv().accountId, code, `live test alert ${code}`]);
    await c.query(`SELECT pg_notify('sentinel_events', 'alert:e2e')`);
    await c.query('COMMIT');
  });
  const t0 = Date.now();
  await expect(page.getByTestId('critical-banner')).toContainText(`live test alert ${code}`, { timeout: 1000 });
  const ms = Date.now() - t0;
  expect(ms).toBeLessThan(1000);
  await withDb((c) => c.query(`UPDATE "Alert" SET status = 'RESOLVED', "openDedupKey" = NULL, "resolvedAt" = now() WHERE code = $1`, [code]));
  await expect(page.getByTestId('critical-banner')).toHaveCount(0, { timeout: 3000 });
});
