import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { withDb } from '../support/db';
import { e2eEnv, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

/**
 * The exchange's connectivity and the reconciliation journal, on the Overview and the
 * Exchange page. The stack trades paper, so the page first says there is no exchange;
 * then a LiveSync row, reconcile journal entries and exchange alerts are written as the
 * live worker writes them (and removed afterwards, so the other specs see paper again).
 */
const CORRECTIONS = 60;
const TAG = 'e2e-exchange';
const REPORT = {
  updated: [{ clientOrderId: 'snt-e2e-a1-e', from: 'SUBMITTED', to: 'FILLED' }, { clientOrderId: 'snt-e2e-a2-sl', from: 'OPEN', to: 'CANCELED' }],
  rejectedNeverSeen: ['snt-e2e-a3-e'], adopted: ['snt-e2e-a4-tp'], foreign: [{ symbol: 'BTC/USDT', id: '991', clientOrderId: 'web_123' }],
  unprotectedPositions: ['4f1c2a9e-0000-4000-8000-000000000001'], errors: [], isOk: true,
};
const utc = (secondsAgo: number) => new Date(Date.now() - secondsAgo * 1000).toISOString();
const notify = () => withDb((c) => c.query(`SELECT pg_notify('sentinel_events', 'e2e:exchange')`));

async function seedLive() {
  const accountId = e2eEnv().accountId;
  await withDb(async (c) => {
    await c.query(`INSERT INTO "LiveSync" ("accountId", "exchangeUrl", "startCash", "stageCapital", connectivity, "connectivitySince", "lastSuccessAt", "lastError",
        "lastReconcileAt", "lastReconcile", "lastCleanPassAt", "updatedAt")
      VALUES ($1, 'http://127.0.0.1:9100', 1000, 1000, 'LOST', $2::timestamptz AT TIME ZONE 'UTC', $3::timestamptz AT TIME ZONE 'UTC', $4,
        $5::timestamptz AT TIME ZONE 'UTC', $6, $7::timestamptz AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')`,
    [accountId, utc(200), utc(230), 'RequestTimeout: binance GET /api/v3/openOrders timed out (10000 ms)', utc(60), JSON.stringify(REPORT), utc(3600)]);
    for (let k = 1; k <= CORRECTIONS; k++) {
      await c.query(`INSERT INTO "JournalEntry" ("accountId", at, kind, symbol, message, details) VALUES ($1, $2::timestamptz AT TIME ZONE 'UTC', 'SYSTEM', 'BTC/USDT', $3, '{}')`,
        [accountId, utc(10 * k), `reconcile: snt-e2e-c${k}-e SUBMITTED → FILLED (exchange report)`]);
    }
    const alert = `INSERT INTO "Alert" (id, "accountId", severity, code, message, evidence, "dedupKey", "openDedupKey", occurrences, "firstSeenAt", "lastSeenAt")
      VALUES (gen_random_uuid(), $1, $2, $3, $4, '{}', $5, $5, $6, $7::timestamptz AT TIME ZONE 'UTC', $8::timestamptz AT TIME ZONE 'UTC')`;
    await c.query(alert, [accountId, 'WARNING', 'RECONCILE_CORRECTED', 'reconciliation corrected 4 order(s) from the exchange\'s reports', `${TAG}:rc`, 2, utc(900), utc(5)]);
    await c.query(alert, [accountId, 'CRITICAL', 'EXCHANGE_CONNECTIVITY_LOST', 'exchange binance unreachable for over 30 s: new entries paused; resting stops keep positions protected', `${TAG}:lost`, 1, utc(200), utc(200)]);
    await c.query(alert, [accountId, 'WARNING', 'FOREIGN_ORDERS', '1 open order(s) on the exchange were not placed by Sentinel: left alone', `${TAG}:foreign`, 1, utc(65), utc(65)]);
  });
  await notify();
}

async function removeLive() {
  const accountId = e2eEnv().accountId;
  await withDb(async (c) => {
    await c.query('DELETE FROM "LiveSync" WHERE "accountId" = $1', [accountId]);
    await c.query(`DELETE FROM "JournalEntry" WHERE "accountId" = $1 AND message LIKE 'reconcile: snt-e2e-%'`, [accountId]);
    await c.query('DELETE FROM "Alert" WHERE "dedupKey" LIKE $1', [`${TAG}:%`]);
  });
  await notify();
}

const overflowX = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test.describe.configure({ mode: 'serial' });

test('paper mode: the Overview\'s Exchange stat and the Exchange page say the account trades replayed prices, with no exchange', async ({ page }) => {
  await logIn(page, USERS.viewer);
  const stat = page.getByTestId('exchange-stat');
  await expect(stat).toContainText('REPLAY');
  await expect(stat).toContainText('paper: replayed prices, no exchange');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Exchange' }).click();
  await expect(page).toHaveURL(/\/exchange$/);
  await expect(page.getByRole('heading', { name: 'Exchange', exact: true })).toBeVisible();
  await expect(page.getByTestId('exchange-paper')).toContainText('replayed prices');
  await expect(page.getByTestId('reconcile-journal-empty')).toBeVisible();
});

test.describe('live trading reported by the worker', () => {
  test.beforeAll(seedLive);
  test.afterAll(removeLive);

  test('the Overview\'s Exchange stat: LOST for how long, the last success, the last error, the last reconciliation', async ({ page }) => {
    await logIn(page, USERS.viewer);
    const stat = page.getByTestId('exchange-stat');
    await expect(stat).toContainText('LOST');
    // seeded 200 s and 230 s ago: minute 3 or 4 however slow the run
    await expect(stat).toContainText(/for [34]m \d+s · last OK [34]m \d+s ago/);
    await expect(stat).toContainText('error: RequestTimeout: binance GET /api/v3/openOrders');
    await expect(stat).toContainText(/reconciled 1m \d+s ago · 6 discrepancies/);
    await expect(stat).toHaveClass(/tone-bad/);
    await saveScreenshot(page, 'overview-exchange-lost');
  });

  test('the Exchange page: connectivity with what to do, the findings, the journal newest first and paged; it follows a change without a reload', async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await logIn(page, USERS.operator);
    await page.goto('/exchange');
    await expect(page.getByTestId('connectivity-state')).toHaveText('LOST');
    await expect(page.getByTestId('lost-guidance')).toContainText('backup exchange');
    await expect(page.getByTestId('last-error')).toContainText('RequestTimeout');
    await expect(page.getByTestId('last-success')).toContainText(/[34]m \d+s ago/);

    await expect(page.getByTestId('reconcile-outcome')).toHaveText('6 discrepancies');
    const finding = (key: string) => page.getByTestId(`finding-${key}`);
    await expect(finding('updated').getByTestId('finding-count')).toHaveText('2');
    await expect(finding('updated')).toContainText('snt-e2e-a1-e: submitted → filled');
    await expect(finding('rejected')).toContainText('snt-e2e-a3-e');
    await expect(finding('adopted')).toContainText('snt-e2e-a4-tp');
    await expect(finding('foreign')).toContainText('BTC/USDT #991 (web_123)');
    await expect(finding('unprotected')).toContainText('position 4f1c2a9e');
    await expect(finding('errors').getByTestId('finding-count')).toHaveText('0');

    const rows = page.getByTestId('reconcile-row');
    await expect(rows).toHaveCount(50);
    await expect(rows.first()).toHaveAttribute('data-source', 'alert');
    await expect(rows.first()).toContainText('RECONCILE_CORRECTED');
    await expect(rows.first()).toContainText(/open · 2× since/);
    await expect(rows.nth(1)).toContainText('snt-e2e-c1-e SUBMITTED → FILLED (exchange report)');
    await expect(rows.nth(1)).not.toContainText('reconcile:');
    await saveScreenshot(page, 'exchange');

    await page.getByTestId('reconcile-journal-older').click();
    await expect(page.getByTestId('reconcile-journal-page')).toHaveText('page 2');
    await expect(rows).toHaveCount(CORRECTIONS + 3 - 50);
    await expect(rows.last()).toContainText(`snt-e2e-c${CORRECTIONS}-e`);
    await page.getByRole('button', { name: 'Newer' }).click();
    await expect(page.getByTestId('reconcile-journal-page')).toHaveText('page 1 (live)');

    await withDb((c) => c.query(`UPDATE "LiveSync" SET connectivity = 'UP', "lastError" = NULL, "connectivitySince" = now() AT TIME ZONE 'UTC', "lastSuccessAt" = now() AT TIME ZONE 'UTC',
      "updatedAt" = now() AT TIME ZONE 'UTC' WHERE "accountId" = $1`, [e2eEnv().accountId]));
    await notify();
    await expect(page.getByTestId('connectivity-state')).toHaveText('UP', { timeout: 1500 });
    await expect(page.getByTestId('lost-guidance')).toHaveCount(0);
    await expect(page.getByTestId('last-error')).toHaveText('none since the last successful call');
  });

  test('quality with live data: no sideways scrolling at 390 and 1280 px, no serious axe violation, the pager by keyboard', async ({ page }) => {
    await logIn(page, USERS.admin);
    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 844 });
      for (const path of ['/', '/exchange']) {
        await page.goto(path);
        await expect(page.getByText('Loading…')).toHaveCount(0, { timeout: 15_000 });
        expect(await overflowX(page), `${path} scrolls sideways at ${width} px`).toBeLessThanOrEqual(0);
      }
      if (width === 390) await saveScreenshot(page, 'exchange-phone');
    }
    await expect(page.getByTestId('reconcile-row').first()).toBeVisible();
    const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    // keyboard only: Tab to the Exchange link, open it, Tab to Older and page back
    await page.goto('/');
    await expect(page.getByTestId('exchange-stat')).toBeVisible();
    const focused = () => page.evaluate(() => ({ text: document.activeElement?.textContent?.trim() ?? '', testId: document.activeElement?.getAttribute('data-testid') ?? '' }));
    const tabTo = async (isIt: (f: { text: string; testId: string }) => boolean) => {
      for (let i = 0; i < 40; i++) {
        await page.keyboard.press('Tab');
        if (isIt(await focused())) return;
      }
      throw new Error('not reached with Tab');
    };
    await tabTo((f) => f.text === 'Exchange');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/exchange$/);
    await expect(page.getByTestId('reconcile-row').first()).toBeVisible();
    await tabTo((f) => f.testId === 'reconcile-journal-older');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).not.toBe('none');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('reconcile-journal-page')).toHaveText('page 2');
  });
});
