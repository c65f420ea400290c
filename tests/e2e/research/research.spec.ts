import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createDb } from '@/adapters/db/client';
import { withDb } from '../support/db';
import { e2eEnv, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

/** axe-core on the page's own content (the shared layout is checked by the quality spec). */
async function expectAccessible(page: Page) {
  const r = await new AxeBuilder({ page }).include('main').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

const sweepRow = (page: Page, name: string) => page.getByTestId('sweep-row').filter({ has: page.getByRole('button', { name, exact: true }) });

/** A finished sweep of three runs written straight to the database, as research workers write them. */
async function seedFinishedSweep(name: string): Promise<string> {
  const { db, close } = createDb(e2eEnv().databaseUrl, { max: 1 });
  try {
    const at = new Date();
    const from = new Date('2024-01-01T00:00:00Z');
    const to = new Date('2024-03-01T00:00:00Z');
    const sweep = await db.backtestSweep.create({ data: {
      name, totalRuns: 3, finishedAt: at,
      grid: { name, timeframe: '1h', equity: 10_000, symbols: ['BTCUSDT'], periods: [{ from: '2024-01-01', to: '2024-03-01' }], strategies: [{ name: 'ema_cross', params: { fast: [50, 100, 150] } }] },
    } });
    const figures = [[50, 6.2, 1.4, 4.1, 1.8], [100, -2.5, -0.3, 7.9, 0.8], [150, 3.1, 0.9, 2.2, null]] as const;
    for (const [i, [fast, ret, sharpe, dd, pf]] of figures.entries()) {
      const curve = Array.from({ length: 60 }, (_, d) => ({ t: from.getTime() + d * 86_400_000, equity: 10_000 * (1 + (ret / 100) * (d / 59)) + (d % 5) * 20 }));
      await db.backtestRun.create({ data: {
        sweepId: sweep.id, status: 'SUCCEEDED', strategy: 'ema_cross', symbols: ['BTCUSDT'], timeframe: '1h', fromTime: from, toTime: to,
        params: { fast, slow: 400, equity: 10_000 }, workerId: `e2e-research-${i % 2}`, durationMs: 900 + i * 100, startedAt: at, finishedAt: at, equityCurve: curve,
        metrics: { trades: 10 + i, totalReturnPct: ret, sharpe, sortino: sharpe, maxDrawdownPct: dd, winRate: 0.4 + i / 10, profitFactor: pf },
      } });
    }
    return sweep.id;
  } finally {
    await close();
  }
}

test.describe('research: backtest sweeps', () => {
  test('an operator queues a sweep of two backtests from the form and sees it in the list', async ({ page }) => {
    test.setTimeout(120_000);
    await logIn(page, USERS.operator);
    await page.goto('/research');
    await expect(page.getByRole('heading', { name: 'Research', exact: true })).toBeVisible();

    const form = page.getByTestId('new-sweep');
    await form.getByTestId('sweep-name').fill('e2e EMA fast');
    const ema = form.getByTestId('strategy-ema_cross');
    await ema.getByTestId('strategy-include').check();
    await ema.getByTestId('param-fast').fill('50, 100');
    await form.getByTestId('symbol-BTCUSDT').check();
    await form.getByTestId('period-from').fill('2024-01-01');
    await form.getByTestId('period-to').fill('2024-02-01');
    await expect(form.getByTestId('sweep-run-count')).toContainText('2 runs');
    await saveScreenshot(page, 'research-new-sweep');
    await form.getByTestId('sweep-submit').click();

    const row = sweepRow(page, 'e2e EMA fast');
    await expect(row).toBeVisible();
    await expect(row.getByTestId('sweep-total')).toContainText('2 runs');
    await expect(row).toHaveAttribute('data-selected', 'true');
    await expect(page.getByTestId('research-run')).toHaveCount(2);

    const stored = await withDb(async (c) => (await c.query<{ runs: number; jobs: number; audits: number }>(`
      SELECT (SELECT count(*)::int FROM "BacktestRun" r JOIN "BacktestSweep" s ON s.id = r."sweepId" WHERE s.name = 'e2e EMA fast') AS runs,
             (SELECT count(*)::int FROM pgboss.job j JOIN "BacktestRun" r ON r."jobId" = j.id::text JOIN "BacktestSweep" s ON s.id = r."sweepId" WHERE s.name = 'e2e EMA fast') AS jobs,
             (SELECT count(*)::int FROM "AuditLog" WHERE action = 'research.sweep.create' AND "actorLabel" = $1) AS audits`, [USERS.operator.email])).rows[0]);
    expect(stored).toEqual({ runs: 2, jobs: 2, audits: 1 });

    // the stack's worker runs backtests once it has the research role: then the runs finish and the comparison draws them
    const hasResearchWorker = await withDb(async (c) => (await c.query(`SELECT 1 FROM "WorkerHeartbeat" WHERE 'research' = ANY(roles)`)).rowCount! > 0);
    if (hasResearchWorker) {
      await expect(row.getByTestId('sweep-state')).toHaveText(/finished/, { timeout: 90_000 });
      await expect(page.getByTestId('research-compare').locator('.recharts-line')).toHaveCount(2, { timeout: 15_000 });
    } else {
      await expect(row.getByTestId('sweep-counts')).toContainText('2 queued');
    }
  });

  test('a viewer compares finished runs: sortable metrics table, overlaid equity curves with a legend, no sweep form', async ({ page }) => {
    const id = await seedFinishedSweep('e2e seeded comparison');
    await logIn(page, USERS.viewer);
    await page.goto(`/research?sweep=${id}`);
    await expect(page.getByTestId('new-sweep')).toHaveCount(0);
    await expect(page.getByTestId('sweep-cancel')).toHaveCount(0);
    const detail = page.getByTestId('research-detail');
    await expect(detail).toContainText('Sweep: e2e seeded comparison');
    await expect(detail.getByTestId('detail-progress')).toContainText('3 / 3');

    // by total return, best first (the default); then by max drawdown, lowest first
    const returns = detail.getByTestId('run-return');
    await expect(returns).toHaveText(['+6.20%', '+3.10%', '-2.50%']);
    await detail.getByTestId('sort-maxDrawdownPct').click();
    await expect(returns).toHaveText(['+3.10%', '+6.20%', '-2.50%']);
    await expect(detail.locator('th[aria-sort=ascending]')).toContainText('Max drawdown');

    // every finished run is compared by default (up to three); the legend names strategy, swept parameter, symbol and period
    const chart = page.getByTestId('research-compare');
    await expect(chart.locator('.recharts-line')).toHaveCount(3);
    await expect(chart.locator('.recharts-legend-wrapper')).toContainText('ema_cross fast=50 · BTCUSDT · 2024-01-01 → 2024-03-01');
    await detail.getByTestId('run-compare').first().uncheck();
    await expect(chart.locator('.recharts-line')).toHaveCount(2);
    await detail.getByTestId('run-compare').first().check();
    await expect(chart.locator('.recharts-line')).toHaveCount(3);

    await expectAccessible(page);
    await saveScreenshot(page, 'research');
  });
});
