import { expect, test } from '@playwright/test';
import { USERS } from '../support/e2e-env';
import { logIn } from '../support/login';

test.describe('paper trading on the overview', () => {
  test('the replay clock moves and trades appear without a reload, every open position with its stop resting', async ({ page }) => {
    await logIn(page, USERS.viewer);
    const clock = page.getByTestId('replay-clock');
    await expect(clock).toContainText(/market time \d{2}\/\d{2}\/\d{4}/, { timeout: 15_000 });
    const first = await clock.textContent();
    await expect(clock).not.toHaveText(first ?? '', { timeout: 10_000 });

    // a position opens or a trade closes within a few simulated weeks
    const positions = page.getByTestId('position-row');
    const trades = page.getByTestId('trade-row');
    await expect(async () => {
      expect((await positions.count()) + (await trades.count())).toBeGreaterThan(0);
    }).toPass({ timeout: 60_000 });
    for (const row of await positions.all()) await expect(row.getByText('resting')).toBeVisible();
  });
});
