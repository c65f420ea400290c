import { expect, test, type Locator, type Page } from '@playwright/test';
import { e2eEnv, USERS } from '../support/e2e-env';
import { withDb } from '../support/db';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

/**
 * A live position beside the replay's paper ones, written as the live runner writes them
 * (venue EXCHANGE): one open with its stop resting on the exchange, one closed. Opened and
 * closed at wall-clock time, so each is the newest row of its list; tiny, under a strategy
 * the replay does not run, so the paper worker's risk checks barely see it; removed
 * afterwards, so the other specs see paper only.
 */
const LIVE_STRATEGY = 'e2e_venue';
const LIVE_STOP_ID = 'snt-e2e-venue-sl';

async function seedExchangePositions(): Promise<{ openId: string; closedId: string }> {
  const accountId = e2eEnv().accountId;
  return withDb(async (c) => {
    const insert = `INSERT INTO "Position" (id, "accountId", symbol, status, strategy, quantity, "entryPrice", "stopPrice", "targetPrice", "initialRisk", "openedAt",
        "closedAt", "exitPrice", "exitReason", "realizedPnl", "rMultiple", venue)
      VALUES (gen_random_uuid(), $1, 'XRP/USDT', $2, $3, 1, 2.5, 2.4, 2.7, 0.1, now() AT TIME ZONE 'UTC' - interval '1 hour', $4::timestamp, $5, $6, $7, $8, 'EXCHANGE') RETURNING id`;
    const open = await c.query<{ id: string }>(insert, [accountId, 'OPEN', LIVE_STRATEGY, null, null, null, null, null]);
    const closed = await c.query<{ id: string }>(insert, [accountId, 'CLOSED', LIVE_STRATEGY, new Date().toISOString().replace('Z', ''), 2.7, 'TARGET', 0.2, 2]);
    // under the account's current lease, as the worker holding it writes orders (the fencing trigger refuses any other)
    await c.query(`INSERT INTO "Order" (id, "accountId", "clientOrderId", symbol, side, type, purpose, status, quantity, price, "stopPrice", "positionId", venue, "updatedAt", "leaseEpoch")
      VALUES (gen_random_uuid(), $1, $2, 'XRP/USDT', 'SELL', 'STOP_LOSS_LIMIT', 'STOP', 'OPEN', 1, 2.39, 2.4, $3, 'EXCHANGE', now() AT TIME ZONE 'UTC',
        (SELECT epoch FROM "WorkerLease" WHERE "accountId" = $1))`,
    [accountId, LIVE_STOP_ID, open.rows[0]!.id]);
    return { openId: open.rows[0]!.id, closedId: closed.rows[0]!.id };
  });
}

async function removeExchangePositions() {
  await withDb(async (c) => {
    await c.query('DELETE FROM "Order" WHERE "clientOrderId" = $1', [LIVE_STOP_ID]);
    await c.query('DELETE FROM "Position" WHERE strategy = $1', [LIVE_STRATEGY]);
  });
}

/** The venue badges of a list's rows, read at one instant (rows come and go while the replay runs). */
const venueBadges = (rows: Locator) => rows.evaluateAll((els) => els.map((r) => r.querySelector('[data-testid="venue-badge"]')?.textContent ?? null));
const count = (xs: (string | null)[], x: string) => xs.filter((v) => v === x).length;
const withBadge = (page: Page, rows: Locator, text: 'paper' | 'exchange') => rows.filter({ has: page.getByTestId('venue-badge').getByText(text, { exact: true }) });

test.describe('the dashboard pages on a running paper replay', () => {
  test.beforeEach(async ({ page }) => { await logIn(page, USERS.operator); });

  test.describe('an account holding paper positions and exchange ones', () => {
    let live: { openId: string; closedId: string };
    test.beforeAll(async () => { live = await seedExchangePositions(); });
    test.afterAll(removeExchangePositions);

    test('Positions & orders: open positions with resting stops, their orders, closed trades, each marked paper or exchange, and a chart of one', async ({ page }) => {
      await page.goto('/positions');
      await expect(page.getByRole('heading', { name: 'Positions & orders' })).toBeVisible();
      const open = page.getByTestId('open-position-row');
      const closed = page.getByTestId('closed-row');
      // the seeded live rows say exchange, every row the replay made says paper (at least one by now)
      await expect(async () => {
        const badges = [...await venueBadges(open), ...await venueBadges(closed)];
        expect(count(badges, 'exchange')).toBe(2);
        expect(count(badges, 'paper')).toBeGreaterThan(0);
        expect(count(badges, 'paper') + 2).toBe(badges.length);
      }).toPass({ timeout: 60_000 });
      await expect(page.locator(`[data-testid="open-position-row"][data-position-id="${live.openId}"]`).getByTestId('venue-badge')).toHaveText('exchange');
      await expect(closed.first()).toContainText(LIVE_STRATEGY);
      await expect(closed.first().getByTestId('venue-badge')).toHaveText('exchange');
      await expect(page.getByTestId('order-row').filter({ hasText: LIVE_STOP_ID }).getByTestId('venue-badge')).toHaveText('exchange');
      const orderBadges = await venueBadges(page.getByTestId('order-row'));
      expect(count(orderBadges, 'exchange')).toBe(1);
      expect(count(orderBadges, 'paper')).toBe(orderBadges.length - 1);
      for (const row of await open.all()) await expect(row.getByText('resting')).toBeVisible();
      const chartButton = withBadge(page, open, 'paper').first().getByRole('button', { name: /^Chart of/ })
        .or(withBadge(page, closed, 'paper').first().getByRole('button', { name: /^Chart of/ }));
      await chartButton.first().click();
      await expect(page.getByTestId('trade-chart')).toBeVisible({ timeout: 10_000 });
      await expect(page.getByTestId('trade-chart').locator('canvas').first()).toBeVisible();
      await saveScreenshot(page, 'positions');
    });

    test('Overview: the open positions and last closed trades say paper or exchange too', async ({ page }) => {
      await page.goto('/');
      await expect(page.locator(`[data-testid="position-row"][data-position-id="${live.openId}"]`).getByTestId('venue-badge')).toHaveText('exchange');
      await expect(page.getByTestId('trade-row').first().getByTestId('venue-badge')).toHaveText('exchange');
      const badges = [...await venueBadges(page.getByTestId('position-row')), ...await venueBadges(page.getByTestId('trade-row'))];
      expect(count(badges, 'exchange')).toBe(2);
      expect(count(badges, 'paper')).toBe(badges.length - 2);
      expect(count(badges, 'paper')).toBeGreaterThan(0);
      // seen whole at 1280 px, not cut off by the fixed columns' ellipsis
      const clipped = await page.locator('[data-testid=position-row], [data-testid=trade-row]').getByTestId('venue-badge')
        .evaluateAll((els) => els.filter((b) => b.getBoundingClientRect().right > b.closest('td')!.getBoundingClientRect().right).length);
      expect(clipped).toBe(0);
      await saveScreenshot(page, 'overview-venues');
    });
  });

  test('an operator closes one position: confirmed, carried out by the worker, audited', async ({ page }) => {
    // the replay runs at 36000×: a position can hit its stop or target between the click and the
    // worker applying the close (the command is then a no-op), or before the confirm is sent (the
    // row and its dialog go away). Such an attempt is retried on another position; the one the
    // close moved must end CLOSED by MANUAL.
    let id: string | null = null;
    for (let attempt = 1; attempt <= 4 && !id; attempt++) {
      await page.goto('/positions');
      const row = page.getByTestId('open-position-row').filter({ has: page.getByTestId('close-position') }).first();
      await expect(row).toBeVisible({ timeout: 60_000 });
      const candidate = await row.getAttribute('data-position-id');
      await row.getByTestId('close-position').click();
      await page.getByTestId('close-reason').fill('e2e: manual close');
      // a double click sends one command
      await page.getByTestId('close-confirm').dblclick();
      const command = () => withDb(async (c) => (await c.query<{ status: string; result: { isClosing?: boolean } | null }>(
        `SELECT status, result FROM "ControlCommand" WHERE type = 'CLOSE_POSITION' AND payload->>'positionId' = $1`, [candidate])).rows[0]);
      try {
        await expect.poll(async () => (await command())?.status, { timeout: 20_000 }).toBe('APPLIED');
      } catch (e) {
        // the replay closed the position while the dialog was open: the row (and its dialog) went away unsent
        if (!(await command())) continue;
        throw e;
      }
      if ((await command())?.result?.isClosing) id = candidate;
    }
    expect(id, 'a close the worker carried out (not pre-empted by the replay\'s stop or target)').not.toBeNull();
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
