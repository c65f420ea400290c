import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Secrets for the zero-configuration start: generated once into .sentinel/secrets.json
 * (mode 600) and reused, so sessions and encrypted secrets survive restarts. Values
 * already in the environment win. With DATABASE_URL set (a real deployment) nothing is
 * generated: the environment must carry them.
 */
export function loadOrCreateLocalSecrets(stateDir: string): { AUTH_SECRET: string; SENTINEL_ENCRYPTION_KEY: string } {
  const file = path.join(stateDir, 'secrets.json');
  fs.mkdirSync(stateDir, { recursive: true });
  if (!fs.existsSync(file)) {
    const fresh = { AUTH_SECRET: randomBytes(32).toString('base64'), SENTINEL_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    fs.writeFileSync(file, JSON.stringify(fresh, null, 2) + '\n', { mode: 0o600 });
  }
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/** npm start's generated secrets (`loadOrCreateLocalSecrets` on the project's .sentinel/). */
export const LOCAL_SECRETS_FILE = path.resolve(import.meta.dirname, '..', '..', '.sentinel', 'secrets.json');

/** Whether SENTINEL_ENCRYPTION_KEY comes from npm start's local file rather than the environment. */
export function isUsingLocalEncryptionKey(): boolean {
  return !process.env.SENTINEL_ENCRYPTION_KEY && !process.env.DATABASE_URL && fs.existsSync(LOCAL_SECRETS_FILE);
}

/**
 * SENTINEL_ENCRYPTION_KEY for an admin script: the environment's, or, when the script runs
 * against the embedded server of `npm start` (no DATABASE_URL), the one it generated.
 */
export function encryptionKeyFromEnvOrLocal(): string | undefined {
  if (process.env.SENTINEL_ENCRYPTION_KEY) return process.env.SENTINEL_ENCRYPTION_KEY;
  if (!isUsingLocalEncryptionKey()) return undefined;
  return (JSON.parse(fs.readFileSync(LOCAL_SECRETS_FILE, 'utf8')) as { SENTINEL_ENCRYPTION_KEY?: string }).SENTINEL_ENCRYPTION_KEY;
}

/**
 * A new local encryption key, staged for `npm run keys:rotate`: written first to
 * secrets.json.next (mode 600) so it is on disk before the database commits — a crash
 * between the two leaves the key that opens the secrets recoverable, never lost. After the
 * commit `commit()` renames it over secrets.json (atomic); after a failure `abort()` drops it.
 */
export function stageLocalEncryptionKey(file: string, newKey: string) {
  const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>;
  const next = `${file}.next`;
  fs.writeFileSync(next, JSON.stringify({ ...current, SENTINEL_ENCRYPTION_KEY: newKey }, null, 2) + '\n', { mode: 0o600 });
  return {
    pendingFile: next,
    commit: () => fs.renameSync(next, file),
    abort: () => fs.rmSync(next, { force: true }),
  };
}
