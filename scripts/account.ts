import 'dotenv/config';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb } from '@/adapters/db/client';
import { envFields, parseEnv } from '@/adapters/config/env';
import { createBackupAccount } from '@/adapters/repo/accounts';
import { addCredential, addCredentialInput } from '@/server/services/credentials/credentials';
import { AppError } from '@/server/errors';
import { databaseUrlFromEnvOrLocal } from './lib/local-database-url';
import { runCli } from './lib/cli';
import { encryptionKeyFromEnvOrLocal } from './lib/secrets';

const USAGE = `usage:
  npm run account -- list
  npm run account -- add-backup --primary NAME --name NAME --url URL --equity AMOUNT
  npm run account -- set-key --account NAME      (reads SENTINEL_EXCHANGE_API_KEY and SENTINEL_EXCHANGE_API_SECRET)
A backup account trades on its own exchange (URL) only while its primary's exchange is lost.
The key is encrypted with SENTINEL_ENCRYPTION_KEY (npm start's own while it runs the embedded
server); the key itself is read from the environment, never
from the command line (which shells keep in their history). Uses DATABASE_URL, or the
embedded server while npm start runs.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { primary: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' }, equity: { type: 'string' }, account: { type: 'string' } },
});

const backupArgs = z.object({
  primary: z.string({ error: 'is required: the primary account\'s name' }).min(1),
  name: z.string({ error: 'is required: a name for the backup account' }).min(1).max(100),
  url: envFields.EXCHANGE_API_URL.unwrap(),
  equity: z.string({ error: 'is required: the backup account\'s equity in the quote currency' }).regex(/^\d+(\.\d+)?$/, 'must be a positive amount such as 10000'),
});

async function main() {
  const [cmd] = positionals;
  const env = parseEnv({ DATABASE_URL: envFields.DATABASE_URL, CAPITAL_ALLOCATION: envFields.CAPITAL_ALLOCATION }, { ...process.env, DATABASE_URL: databaseUrlFromEnvOrLocal() });
  const { db, close } = createDb(env.DATABASE_URL, { max: 2 });
  const actor = { id: null, label: `cli:${process.env.USER ?? 'unknown'}` };
  const byName = async (name: string) => {
    const a = await db.tradingAccount.findUnique({ where: { name } });
    if (!a) throw new AppError('NOT_FOUND', `no trading account named ${JSON.stringify(name)} (npm run account -- list)`);
    return a;
  };
  const commands: Record<string, () => Promise<void>> = {
    list: async () => {
      for (const a of await db.tradingAccount.findMany({ orderBy: { createdAt: 'asc' }, include: { currentStage: true, credentials: { where: { status: 'ACTIVE' } } } })) {
        process.stdout.write(`${a.name}  ${a.kind.toLowerCase()}  stage ${a.currentStage?.name ?? '-'}  ${a.apiUrl ?? '(EXCHANGE_API_URL)'}  key ${a.credentials[0] ? `…${a.credentials[0].keyLast4}` : 'none'}${a.backupOfId ? '  backup' : ''}  ${a.id}\n`);
      }
    },
    'add-backup': async () => {
      const args = backupArgs.safeParse(values);
      if (!args.success) throw new AppError('BAD_REQUEST', `${args.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`).join('\n')}\n${USAGE}`);
      const primary = await byName(args.data.primary);
      const b = await createBackupAccount(db, { primaryId: primary.id, name: args.data.name, apiUrl: args.data.url, accountEquity: args.data.equity, capitalAllocationCap: env.CAPITAL_ALLOCATION, now: new Date() });
      process.stdout.write(`created backup account ${b.name} (${b.id}) for ${primary.name} on ${b.apiUrl}\nnext: npm run account -- set-key --account ${JSON.stringify(b.name)}\n`);
    },
    'set-key': async () => {
      if (!values.account) throw new AppError('BAD_REQUEST', `--account is required\n${USAGE}`);
      const { SENTINEL_ENCRYPTION_KEY } = parseEnv({ SENTINEL_ENCRYPTION_KEY: envFields.SENTINEL_ENCRYPTION_KEY }, { SENTINEL_ENCRYPTION_KEY: encryptionKeyFromEnvOrLocal() });
      const account = await byName(values.account);
      const input = addCredentialInput.safeParse({ accountId: account.id, apiKey: process.env.SENTINEL_EXCHANGE_API_KEY, apiSecret: process.env.SENTINEL_EXCHANGE_API_SECRET });
      if (!input.success) throw new AppError('BAD_REQUEST', `SENTINEL_EXCHANGE_API_KEY / SENTINEL_EXCHANGE_API_SECRET: ${input.error.issues.map((i) => i.message).join('; ')}`);
      const r = await addCredential(db, actor, input.data, SENTINEL_ENCRYPTION_KEY, new Date());
      process.stdout.write(`key …${r.keyLast4} stored for ${account.name}${r.retiredPrevious ? ' (the previous key is retired)' : ''}; verify it in Settings before trading\n`);
    },
  };
  const run = cmd ? commands[cmd] : undefined;
  try {
    if (run) await run();
    else {
      process.stderr.write(`${cmd ? `unknown command ${cmd}\n` : ''}${USAGE}\n`);
      process.exitCode = 2;
    }
  } finally {
    await close();
  }
}

runCli(main);
