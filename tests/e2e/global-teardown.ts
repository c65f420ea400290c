import { stopStack } from './support/stack';

/** Playwright global teardown: stops the worker and dashboard, drops the database, stops embedded PostgreSQL. */
export default async function globalTeardown() {
  await stopStack();
}
