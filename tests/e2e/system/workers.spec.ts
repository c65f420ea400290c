import { expect, test } from '@playwright/test';
import { USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

/**
 * Workers and leases (docs/scaling.md) with the e2e stack's one real worker: on the System
 * page it is alive, trades, and holds the paper account's lease (an epoch and the time left,
 * renewed with its heartbeat), the coordinator runs, nobody's account is orphaned, and the
 * job queue shows its counts. The Overview sums it up in one line that links to System.
 */
test('the System page shows the worker, its roles and leases, the coordinator and the job queue; the Overview sums them up', async ({ page }) => {
  test.setTimeout(60_000);
  await page.setViewportSize({ width: 1280, height: 900 });
  await logIn(page, USERS.viewer);

  const line = page.getByTestId('workers-line');
  await expect(line).toHaveText(/^[1-9]\d* workers? · [1-9]\d* of [1-9]\d* accounts? leased · queue depth \d+/, { timeout: 15_000 });
  await line.getByRole('link').click();
  await expect(page).toHaveURL(/\/system$/);

  const section = page.getByTestId('system-workers');
  await expect(section.getByRole('heading', { name: 'Workers and leases' })).toBeVisible();
  const worker = section.getByTestId('worker-row').filter({ hasText: 'e2e-worker' });
  await expect(worker.getByTestId('worker-liveness')).toHaveText('alive');
  await expect(worker.getByTestId('worker-roles')).toContainText('trading');
  // the account lease, renewed with each beat: a valid epoch and a countdown that never runs out
  const accountLease = worker.locator('[data-testid="worker-lease"][data-kind="account"]').first();
  await expect(accountLease).toContainText(/epoch [1-9]\d* · expires in \d/, { timeout: 15_000 });
  await expect(section.getByTestId('coordinator')).toContainText(/Coordinator: e2e-worker \(epoch [1-9]\d*, expires in/);
  await expect(page.getByTestId('orphaned-accounts')).toHaveCount(0);

  const queue = page.getByTestId('system-job-queue');
  for (const id of ['queue-waiting', 'queue-running', 'queue-failed', 'queue-completed']) {
    await expect(queue.getByTestId(id).locator('.stat-value')).toHaveText(/^\d+$/);
  }
  await saveScreenshot(page, 'system-workers');
});
