import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ROOT } from './e2e-env';

/** Full-page screenshots for a person to look at: tests/e2e/screenshots/ (git-ignored). */
export async function saveScreenshot(page: Page, name: string) {
  const dir = path.join(ROOT, 'tests', 'e2e', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
