import 'dotenv/config';
import { createDb } from '@/adapters/db/client';
import { envFields, EnvError, parseEnv } from '@/adapters/config/env';
import { verifyAuditChain } from '@/adapters/repo/audit-log';
import { databaseUrlFromEnvOrLocal } from './lib/local-database-url';

/** `npm run audit:verify`: exit 0 when the chain holds, 1 naming the first broken row. */
async function main() {
  const { DATABASE_URL } = parseEnv({ DATABASE_URL: envFields.DATABASE_URL }, { DATABASE_URL: databaseUrlFromEnvOrLocal() });
  const { db, close } = createDb(DATABASE_URL, { max: 1 });
  try {
    const v = await verifyAuditChain(db);
    if (v.ok) {
      process.stdout.write(`audit chain intact: ${v.rows} rows verified\n`);
    } else {
      process.stdout.write(`AUDIT CHAIN BROKEN at row ${v.seq} (${v.problem}): ${v.message}\n${v.rows} rows before it verified\n`);
      process.exitCode = 1;
    }
  } finally {
    await close();
  }
}

main().catch((e) => {
  process.stderr.write(e instanceof EnvError ? `${e.message}\n` : `${(e as Error).stack}\n`);
  process.exit(2);
});
