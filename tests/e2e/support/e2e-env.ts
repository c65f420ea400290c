import fs from 'node:fs';
import path from 'node:path';

/**
 * What the global setup hands to the tests: the users it created (known passwords,
 * test-only), and the addresses of the running stack. The setup sets the SENTINEL_E2E_*
 * variables before Playwright starts its workers, which inherit them; it also writes
 * STATE_FILE for the teardown and for a person debugging a run.
 */
export const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const STATE_DIR = path.join(ROOT, '.sentinel');
export const RESULTS_DIR = path.join(STATE_DIR, 'test-results');
export const STATE_FILE = path.join(STATE_DIR, 'e2e-state.json');

export type E2eRole = 'VIEWER' | 'OPERATOR' | 'ADMIN';
export interface E2eUser { email: string; password: string; role: E2eRole }

export const USERS = {
  viewer: { email: 'viewer@e2e.test', password: 'viewer-e2e-password-1', role: 'VIEWER' },
  operator: { email: 'operator@e2e.test', password: 'operator-e2e-password-1', role: 'OPERATOR' },
  admin: { email: 'admin@e2e.test', password: 'admin-e2e-password-1', role: 'ADMIN' },
} as const satisfies Record<string, E2eUser>;

export interface E2eState {
  baseURL: string;
  databaseUrl: string;
  databaseName: string;
  adminUrl: string;
  accountId: string;
  webPid?: number;
  workerPid?: number;
  /** data folder of the embedded PostgreSQL this run started (absent when SENTINEL_TEST_PG_URL was given) */
  embeddedDataDir?: string;
}

function need(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the e2e tests with \`npx playwright test\` (tests/e2e/global-setup.ts sets it)`);
  return v;
}

/** The running stack, for tests: database URL and the paper account's id. */
export function e2eEnv() {
  return {
    baseURL: need('SENTINEL_E2E_BASE_URL'),
    databaseUrl: need('SENTINEL_E2E_DATABASE_URL'),
    accountId: need('SENTINEL_E2E_ACCOUNT_ID'),
  };
}

export function readState(): E2eState | undefined {
  try {
    return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) as E2eState;
  } catch {
    return undefined;
  }
}

/** The bearer token the e2e dashboard's /api/metrics takes (METRICS_TOKEN). */
export const E2E_METRICS_TOKEN = 'e2e-metrics-token-0123456789abcdef';
