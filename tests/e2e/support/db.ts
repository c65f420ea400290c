import pg from 'pg';
import { e2eEnv } from './e2e-env';

/** A short-lived connection to the stack's database, for assertions on what the UI did. */
export async function withDb<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: e2eEnv().databaseUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

export interface SafeModeRow { desiredSafeMode: boolean; isSafeMode: boolean; safeModeReason: string | null; commands: number }

export async function safeModeRow(accountId = e2eEnv().accountId): Promise<SafeModeRow> {
  return withDb(async (c) => {
    const s = await c.query<{ desiredSafeMode: boolean; isSafeMode: boolean; safeModeReason: string | null }>(
      'SELECT "desiredSafeMode", "isSafeMode", "safeModeReason" FROM "RiskState" WHERE "accountId" = $1', [accountId]);
    const n = await c.query<{ n: string }>('SELECT count(*)::text AS n FROM "ControlCommand" WHERE "accountId" = $1', [accountId]);
    if (!s.rows[0]) throw new Error(`no RiskState row for account ${accountId}`);
    return { ...s.rows[0], commands: Number(n.rows[0]!.n) };
  });
}
