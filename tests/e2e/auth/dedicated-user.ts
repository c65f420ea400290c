import { randomBytes } from 'node:crypto';
import { hashPassword } from '@/adapters/auth/password';
import { withDb } from '../support/db';
import type { E2eRole, E2eUser } from '../support/e2e-env';

/**
 * A user of one test alone (a fresh e-mail each run), so locking it or turning its second
 * factor on never touches the shared e2e users; `forget` removes its failed attempts, so
 * repeated runs do not add up against the per-IP limit every test shares.
 */
export async function dedicatedUser(prefix: string, role: E2eRole): Promise<E2eUser & { forget: () => Promise<void> }> {
  const email = `${prefix}-${randomBytes(4).toString('hex')}@e2e.test`;
  const password = `${prefix}-password-${randomBytes(6).toString('hex')}`;
  const passwordHash = await hashPassword(password);
  await withDb((c) => c.query('INSERT INTO "User" (id, email, role, "passwordHash", "updatedAt") VALUES (gen_random_uuid(), $1, $2, $3, now())', [email, role, passwordHash]));
  const forget = () => withDb(async (c) => { await c.query('DELETE FROM "LoginAttempt" WHERE email = $1', [email]); });
  return { email, password, role, forget };
}
