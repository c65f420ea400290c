import { randomBytes } from 'node:crypto';
import { provisionTestPostgres } from './test-postgres';

/**
 * Vitest global setup for integration tests: a PostgreSQL server and the migrated
 * template, reused when `npm test` already provisioned them. Environment set here
 * reaches the test workers, which start afterwards.
 */
export default async function setup() {
  const pg = await provisionTestPostgres((s) => process.stdout.write(`${s}\n`));
  process.env.SENTINEL_TEST_PG_URL = pg.adminUrl;
  process.env.SENTINEL_TEST_TEMPLATE = pg.template;
  process.env.AUTH_SECRET ||= randomBytes(32).toString('base64');
  process.env.SENTINEL_ENCRYPTION_KEY ||= randomBytes(32).toString('base64');
  process.env.DATABASE_URL ||= pg.adminUrl; // the server env parses it; each test uses its own database
  return async () => {
    await pg.embedded?.stop();
  };
}
