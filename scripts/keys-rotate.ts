import 'dotenv/config';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '@/adapters/db/client';
import { envFields, parseEnv } from '@/adapters/config/env';
import { checkMasterKey, rotateMasterKey } from '@/server/services/keys/master-key-rotation';
import { AppError } from '@/server/errors';
import { databaseUrlFromEnvOrLocal } from './lib/local-database-url';
import { parseCliArgs, runCli } from './lib/cli';
import { encryptionKeyFromEnvOrLocal, isUsingLocalEncryptionKey, LOCAL_SECRETS_FILE, stageLocalEncryptionKey } from './lib/secrets';

const USAGE = `usage:
  npm run keys:rotate              re-encrypt every secret from SENTINEL_ENCRYPTION_KEY to SENTINEL_NEW_ENCRYPTION_KEY
  npm run keys:rotate -- --check   only check that every secret opens with SENTINEL_ENCRYPTION_KEY
Secrets: exchange keys, alert channel secrets, users' TOTP secrets. One transaction: all of
them move to the new key, or none. With npm start's local key (.sentinel/secrets.json, no
DATABASE_URL) a new key is generated and written there; otherwise set
SENTINEL_NEW_ENCRYPTION_KEY (openssl rand -base64 32). Uses DATABASE_URL, or the embedded
server while npm start runs.`;

const say = (s: string) => process.stdout.write(`${s}\n`);

/** The new key: the environment's, or a fresh one for npm start's local key file; a deployment must choose its own (nothing to lose it in). */
function newKey(isLocal: boolean): string {
  if (process.env.SENTINEL_NEW_ENCRYPTION_KEY) return parseEnv({ SENTINEL_NEW_ENCRYPTION_KEY: envFields.SENTINEL_ENCRYPTION_KEY }, process.env).SENTINEL_NEW_ENCRYPTION_KEY;
  if (isLocal) return randomBytes(32).toString('base64');
  throw new AppError('BAD_REQUEST', 'SENTINEL_NEW_ENCRYPTION_KEY is required: 32 random bytes in base64 (openssl rand -base64 32). '
    + 'Store it where SENTINEL_ENCRYPTION_KEY lives (your secret manager) BEFORE running this: a key generated here and lost would make every secret unreadable.');
}

async function main() {
  const { values } = parseCliArgs(() => parseArgs({ options: { check: { type: 'boolean' }, help: { type: 'boolean' } } }), USAGE);
  if (values.help) { say(USAGE); return; }
  const isLocal = isUsingLocalEncryptionKey();
  const env = parseEnv({ DATABASE_URL: envFields.DATABASE_URL, SENTINEL_ENCRYPTION_KEY: envFields.SENTINEL_ENCRYPTION_KEY },
    { DATABASE_URL: databaseUrlFromEnvOrLocal(), SENTINEL_ENCRYPTION_KEY: encryptionKeyFromEnvOrLocal() });
  const { db, close } = createDb(env.DATABASE_URL, { max: 2 });
  try {
    if (values.check) {
      const c = await checkMasterKey(db, env.SENTINEL_ENCRYPTION_KEY);
      say(`${c.fields} secret field(s) in ${c.credentials} exchange key(s), ${c.channels} alert channel(s), ${c.totpSecrets} TOTP secret(s)`);
      if (c.failed.length) throw new AppError('PRECONDITION_FAILED', `${c.failed.length} do not open with the current key: ${c.failed.join('; ')}`);
      say('every secret opens with the current SENTINEL_ENCRYPTION_KEY');
      return;
    }
    const toKey = newKey(isLocal);
    const staged = isLocal && !process.env.SENTINEL_NEW_ENCRYPTION_KEY ? stageLocalEncryptionKey(LOCAL_SECRETS_FILE, toKey) : null;
    let counts;
    try {
      counts = await rotateMasterKey(db, { fromKey: env.SENTINEL_ENCRYPTION_KEY, toKey, actor: { id: null, label: `cli:${process.env.USER ?? 'unknown'}` }, now: new Date() });
    } catch (e) {
      // drop the staged key only when the database provably still opens with the old one: a COMMIT whose
      // answer was lost would otherwise leave every secret sealed under a key nobody has any more
      const isStillOld = await checkMasterKey(db, env.SENTINEL_ENCRYPTION_KEY).then((c) => c.failed.length === 0, () => false);
      if (isStillOld) staged?.abort();
      else if (staged) say(`the rotation failed, and the database could not be shown to still open with the old key: the new key is kept in ${staged.pendingFile} — run npm run keys:rotate -- --check with each key to see which one the database uses`);
      throw e;
    }
    staged?.commit();
    say(`re-encrypted ${counts.fields} secret field(s): ${counts.credentials} exchange key(s), ${counts.channels} alert channel(s), ${counts.totpSecrets} TOTP secret(s); audited as keys.rotated`);
    say(nextSteps(isLocal, !!staged));
  } finally {
    await close();
  }
}

/** What the operator must do now: the running web and worker still hold the old key. */
function nextSteps(isLocal: boolean, wroteLocal: boolean): string {
  const restart = 'Restart the dashboard and the worker now: until they restart they hold the old key, cannot open the re-encrypted secrets, and a secret saved meanwhile is sealed with the old key (npm run keys:rotate -- --check finds it).';
  if (wroteLocal) return `The new key is in ${path.relative(process.cwd(), LOCAL_SECRETS_FILE)} (the old one is gone). ${restart} With npm start: Ctrl-C, then npm start.`;
  const where = isLocal ? `${path.relative(process.cwd(), LOCAL_SECRETS_FILE)} (SENTINEL_ENCRYPTION_KEY)` : 'your secret store / environment';
  return `NOW set SENTINEL_ENCRYPTION_KEY to the value of SENTINEL_NEW_ENCRYPTION_KEY in ${where} for every process (web, worker, admin scripts), remove SENTINEL_NEW_ENCRYPTION_KEY, and destroy the old key. ${restart}`;
}

runCli(main);
