import { defineConfig, devices } from '@playwright/test';

/**
 * End-to-end tests: the production build of the dashboard and a real worker, both on
 * a fresh database, driven through Debian's Chromium (no browser download here).
 * tests/e2e/global-setup.ts starts everything and sets SENTINEL_E2E_BASE_URL, which
 * the test workers (started after it) inherit, so `baseURL` below resolves there.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/',
  globalSetup: './tests/e2e/global-setup.ts',
  globalTeardown: './tests/e2e/global-teardown.ts',
  fullyParallel: false,
  workers: 1, // 2-core machine, one dashboard server and one worker shared by all tests
  retries: 0,
  forbidOnly: !!process.env.CI,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list'], ['json', { outputFile: '.sentinel/test-results/e2e.json' }]],
  use: {
    baseURL: process.env.SENTINEL_E2E_BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'off',
    video: 'off',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox', // required as root
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        },
      },
    },
  ],
});
