import { killChildrenOnExit, startStack, stopStack } from './support/stack';

/**
 * Playwright global setup: starts PostgreSQL, a fresh database with three users, the
 * worker and the production dashboard (see support/stack.ts). The SENTINEL_E2E_*
 * variables it sets reach the test workers, which start afterwards.
 */
export default async function globalSetup() {
  killChildrenOnExit();
  try {
    await startStack();
  } catch (e) {
    await stopStack(); // Playwright runs no teardown after a failed setup
    throw e;
  }
}
