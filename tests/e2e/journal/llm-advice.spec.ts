import { expect, test } from '@playwright/test';
import { withDb } from '../support/db';
import { e2eEnv, USERS } from '../support/e2e-env';
import { logIn } from '../support/login';

/**
 * The LLM advisory on the Journal page: a decision the model vetoed (seeded as the worker
 * writes it: rule llm_advice, the advice under details.research.advisory) shows its "LLM"
 * line when expanded, the model's note as plain text. Removed afterwards.
 */
const TAG = 'e2e-llm-advice';
const NOTE = 'momentum fading into resistance <b>not bold</b>';

test.describe('journal: LLM advice', () => {
  test.beforeAll(async () => {
    const details = {
      weight: 1, sizeFactor: 0, signal: { kind: 'ENTRY', strategy: 'ema_cross', symbol: 'BTC/USDT', side: 'LONG', price: 50_000, stopPrice: 49_000, targetPrice: 52_000 },
      research: { regime: 'range', volatilityPercentile: 0.5, maxCorrelation: 0, correlatedWith: null,
        advisory: { status: 'advice', note: NOTE, confidenceAdjustment: -0.4, requestedAdjustment: -0.4, model: 'fake-model', latencyMs: 321 } },
    };
    await withDb((c) => c.query(`INSERT INTO "JournalEntry" ("accountId", at, kind, symbol, strategy, outcome, rule, message, details)
      VALUES ($1, now() AT TIME ZONE 'UTC', 'DECISION', 'BTC/USDT', 'ema_cross', NULL, 'llm_advice', $2, $3)`,
    [e2eEnv().accountId, `skipped (llm_advice): ema_cross entry signal on BTC/USDT at 50000 ${TAG}`, JSON.stringify(details)]));
  });
  test.afterAll(async () => {
    await withDb((c) => c.query(`DELETE FROM "JournalEntry" WHERE "accountId" = $1 AND message LIKE $2`, [e2eEnv().accountId, `%${TAG}`]));
  });

  test('a vetoed decision shows the model, its note, the adjustment and the latency', async ({ page }) => {
    await logIn(page, USERS.viewer);
    await page.goto('/journal?rule=llm_advice');
    const row = page.getByTestId('journal-row').filter({ hasText: TAG });
    await expect(row).toHaveCount(1);
    await row.getByTestId('journal-expand').click();
    const line = page.getByTestId('journal-llm');
    await expect(line).toBeVisible();
    await expect(line).toContainText('LLM');
    await expect(line).toContainText(NOTE); // the model's text, rendered as text, never as markup
    await expect(line).toContainText('-0.40');
    await expect(line).toContainText('fake-model · 321 ms');
  });
});
