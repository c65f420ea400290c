import path from 'node:path';
import { expect, test } from '@playwright/test';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { withDb } from '../support/db';
import { e2eEnv, ROOT, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';

/**
 * Exchange key rotation in Settings, against the exchange emulator on 127.0.0.1 (the
 * account's own exchange URL points at it for this spec): an admin saves a key, rotates it
 * to a new one the exchange accepts, and the page shows only last-4 characters; a wrong
 * secret changes nothing; an operator sees no key form at all. The account is put back
 * as it was (no key, no URL) afterwards, so the other specs see the stack unchanged.
 */
const OLD = { apiKey: 'e2eRotationOldKey0A1B', apiSecret: 'e2e-old-secret-value-1' };
const NEW = { apiKey: 'e2eRotationNewKey9Z8Y', apiSecret: 'e2e-new-secret-value-2' };
let emu: ExchangeEmulator;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  const btc = marketFromSeries(loadCandlesCsv(path.join(ROOT, 'data', 'binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2024, 0, 3) }));
  emu = new ExchangeEmulator({ markets: [btc], accounts: [
    { apiKey: OLD.apiKey, secret: OLD.apiSecret, balances: { USDT: 100 } },
    { apiKey: NEW.apiKey, secret: NEW.apiSecret, balances: { USDT: 100 } },
  ] });
  const url = await emu.listen();
  await withDb((c) => c.query('UPDATE "TradingAccount" SET "apiUrl" = $1 WHERE id = $2', [url, e2eEnv().accountId]));
});

test.afterAll(async () => {
  await withDb(async (c) => {
    await c.query('UPDATE "TradingAccount" SET "apiUrl" = NULL WHERE id = $1', [e2eEnv().accountId]);
    await c.query('DELETE FROM "ExchangeCredential" WHERE "accountId" = $1', [e2eEnv().accountId]);
  });
  await emu?.close();
});

test('an admin rotates the exchange key in Settings: verified by the exchange, the page shows only the new last 4', async ({ page }) => {
  await logIn(page, USERS.admin);
  await page.goto('/settings');
  const card = page.getByTestId('credentials');
  // a first key
  await card.getByTestId('credential-key').fill(OLD.apiKey);
  await card.getByTestId('credential-secret').fill(OLD.apiSecret);
  await card.getByTestId('credential-save').click();
  await expect(card.locator('[data-testid=credential-row][data-status=active]')).toContainText('…0A1B');

  // a wrong secret for the new key: refused with the exchange's reason, nothing changes
  await card.getByTestId('credential-key').fill(NEW.apiKey);
  await card.getByTestId('credential-secret').fill('not-the-right-secret');
  await card.getByTestId('credential-rotate').click();
  await expect(card).toContainText('was not accepted: it does not authenticate');
  await expect(card.getByTestId('credential-row')).toHaveCount(1);

  // the right secret: rotated
  await card.getByTestId('credential-key').fill(NEW.apiKey);
  await card.getByTestId('credential-secret').fill(NEW.apiSecret);
  await card.getByTestId('credential-rotate').click();
  await expect(card.getByTestId('credential-rotated')).toHaveText('…9Z8Y is active (verified, trade only); …0A1B retired.');
  const active = card.locator('[data-testid=credential-row][data-status=active]');
  await expect(active).toContainText('…9Z8Y');
  await expect(active).toContainText('trade only');
  await expect(card.locator('[data-testid=credential-row][data-status=retired]')).toContainText('…0A1B');
  // the form is cleared and no key or secret appears anywhere on the page
  await expect(card.getByTestId('credential-key')).toHaveValue('');
  await expect(card.getByTestId('credential-secret')).toHaveValue('');
  const html = await page.content();
  for (const s of [OLD.apiKey, OLD.apiSecret, NEW.apiKey, NEW.apiSecret]) expect(html).not.toContain(s);

  // audited with both last 4 only
  const audit = await withDb((c) => c.query<{ details: Record<string, unknown> }>(`SELECT details FROM "AuditLog" WHERE action = 'credentials.rotated' ORDER BY seq DESC LIMIT 1`));
  expect(audit.rows[0]?.details).toMatchObject({ retiredKeyLast4: '0A1B', newKeyLast4: '9Z8Y' });
});

test('an operator sees no rotate control and no key form', async ({ page }) => {
  await logIn(page, USERS.operator);
  await page.goto('/settings');
  await expect(page.getByText('Only administrators manage exchange keys.')).toBeVisible();
  await expect(page.getByTestId('credential-rotate')).toHaveCount(0);
  await expect(page.getByTestId('credential-key')).toHaveCount(0);
});
