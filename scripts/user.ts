import 'dotenv/config';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createDb } from '@/adapters/db/client';
import { envFields, parseEnv } from '@/adapters/config/env';
import { createUser, emailSchema, resetPassword, roleSchema, setUserDisabled, setUserRole, unlockUser } from '@/server/services/users';
import { resetSecondFactor } from '@/server/services/two-factor';
import { AppError } from '@/server/errors';
import { databaseUrlFromEnvOrLocal } from './lib/local-database-url';
import { runCli } from './lib/cli';

const USAGE = `usage:
  npm run user -- create --email EMAIL --role viewer|operator|admin [--name NAME]
  npm run user -- reset-password --email EMAIL
  npm run user -- set-role --email EMAIL --role viewer|operator|admin
  npm run user -- disable --email EMAIL
  npm run user -- enable --email EMAIL
  npm run user -- unlock --email EMAIL        (lift a login lockout now)
  npm run user -- reset-2fa --email EMAIL     (remove a lost second factor and its recovery codes)
A generated password is printed once; only its hash is stored. Uses DATABASE_URL,
or the embedded server while npm start runs.`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
});
const argsSchema = z.object({ email: emailSchema, role: z.string().transform((r) => r.toUpperCase()).pipe(roleSchema).optional(), name: z.string().optional() });

async function main() {
  const [cmd] = positionals;
  const args = argsSchema.safeParse(values);
  if (!cmd || !args.success) {
    process.stderr.write(`${args.success ? '' : `${args.error.issues.map((i) => `--${String(i.path[0])} ${i.message}`).join('\n')}\n`}${USAGE}\n`);
    process.exit(2);
  }
  const { DATABASE_URL } = parseEnv({ DATABASE_URL: envFields.DATABASE_URL }, { DATABASE_URL: databaseUrlFromEnvOrLocal() });
  const { db, close } = createDb(DATABASE_URL, { max: 2 });
  const actor = { id: null, label: `cli:${process.env.USER ?? 'unknown'}` };
  const now = new Date();
  const { email, role, name } = args.data;
  try {
    if (cmd === 'create') {
      if (!role) throw new AppError('BAD_REQUEST', '--role is required for create');
      const r = await createUser(db, actor, { email, role, name }, now);
      process.stdout.write(`created ${r.user.email} (${role.toLowerCase()})\npassword: ${r.password}\n(shown once; only its hash is stored)\n`);
    } else if (cmd === 'reset-password') {
      const r = await resetPassword(db, actor, { email }, now);
      process.stdout.write(`new password for ${r.user.email}: ${r.password}\n(shown once; every session of this user is revoked)\n`);
    } else if (cmd === 'set-role') {
      if (!role) throw new AppError('BAD_REQUEST', '--role is required for set-role');
      await setUserRole(db, actor, { email, role }, now);
      process.stdout.write(`${email} is now ${role.toLowerCase()} (sessions revoked)\n`);
    } else if (cmd === 'disable' || cmd === 'enable') {
      await setUserDisabled(db, actor, { email, isDisabled: cmd === 'disable' }, now);
      process.stdout.write(`${email} ${cmd}d${cmd === 'disable' ? ' (sessions revoked)' : ''}\n`);
    } else if (cmd === 'unlock') {
      const r = await unlockUser(db, actor, { email }, now);
      process.stdout.write(`${email} ${r.wasLocked ? 'unlocked' : 'was not locked (failure count restarted)'}\n`);
    } else if (cmd === 'reset-2fa') {
      await resetSecondFactor(db, actor, { email }, now);
      process.stdout.write(`${email}: second factor and recovery codes removed; the password alone logs in until they enrol again\n`);
    } else {
      process.stderr.write(`unknown command ${cmd}\n${USAGE}\n`);
      process.exitCode = 2;
    }
  } finally {
    await close();
  }
}

runCli(main);
