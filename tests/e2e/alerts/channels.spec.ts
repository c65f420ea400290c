import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { withDb } from '../support/db';
import { USERS } from '../support/e2e-env';
import { logIn } from '../support/login';
import { saveScreenshot } from '../support/screens';

/** A webhook receiver on 127.0.0.1 for the channel under test; it records what arrives. */
async function captureServer() {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { bodies.push(body); res.writeHead(200); res.end('ok'); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { bodies, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sentinel-hook-e2e1`, close: () => new Promise((r) => server.close(r)) };
}

test('an admin adds a webhook channel in Settings, sends it a test alert, and the Alerts page shows its delivery', async ({ page }) => {
  const hook = await captureServer();
  try {
    await page.setViewportSize({ width: 1280, height: 900 });
    await logIn(page, USERS.admin);
    await page.goto('/settings');
    const card = page.getByTestId('alert-channels');
    await expect(card.getByRole('button', { name: 'Add channel' })).toBeVisible();

    // a bad setting is refused naming the field
    await card.getByTestId('channel-name').fill('e2e-hook');
    await card.getByTestId('channel-min-severity').selectOption('CRITICAL');
    await card.getByTestId('channel-url').fill(hook.url);
    await card.getByTestId('channel-signingSecret').fill('too-short');
    await card.getByTestId('channel-save').click();
    await expect(card.getByRole('alert')).toContainText('settings.signingSecret: at least 16 characters');

    await card.getByTestId('channel-signingSecret').fill('e2e-signing-secret-0123456789');
    await card.getByTestId('channel-save').click();
    const row = card.getByTestId('channel-row').filter({ hasText: 'e2e-hook' });
    await expect(row).toContainText('url: …e2e1');
    await expect(row).toContainText('critical+');
    await expect(card).not.toContainText('e2e-signing-secret');
    await expect(row.getByTestId('channel-last-delivery')).toHaveText('none yet');

    // the test alert goes to this channel although it only takes critical alerts
    await row.getByTestId('channel-test').click();
    await expect(row.getByTestId('delivery')).toHaveAttribute('data-status', /PENDING|SENT/);
    await saveScreenshot(page, 'settings-alert-channels');

    await page.goto('/alerts');
    await page.getByTestId('alerts-severity').selectOption('INFO');
    const alert = page.getByTestId('alert-row').filter({ hasText: 'TEST_ALERT' }).first();
    await expect(alert).toContainText('Test alert for channel "e2e-hook" (webhook), sent by');
    await expect(alert.getByTestId('delivery')).toHaveText(/e2e-hook: (pending|sent)/);
    await saveScreenshot(page, 'alerts-deliveries');

    // the e2e stack runs the worker: the delivery arrives, signed and marked as a test
    await expect.poll(() => hook.bodies.length, { timeout: 15_000 }).toBe(1);
    expect(JSON.parse(hook.bodies[0]!)).toMatchObject({ code: 'TEST_ALERT', severity: 'INFO', isTest: true });

    const rows = await withDb((c) => c.query<{ status: string; name: string }>(`SELECT d.status, c.name FROM "AlertDelivery" d JOIN "AlertChannel" c ON c.id = d."channelId" JOIN "Alert" a ON a.id = d."alertId" WHERE a.code = 'TEST_ALERT'`));
    expect(rows.rows.map((r) => r.name)).toEqual(['e2e-hook']);

    // deleting asks first
    await page.goto('/settings');
    await row.getByTestId('channel-delete').click();
    await row.getByTestId('channel-delete-confirm').click();
    await expect(card.getByTestId('channel-row')).toHaveCount(0);
  } finally {
    await hook.close();
  }
});
