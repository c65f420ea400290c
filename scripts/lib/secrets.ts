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

/**
 * SENTINEL_ENCRYPTION_KEY for an admin script: the environment's, or, when the script runs
 * against the embedded server of `npm start` (no DATABASE_URL), the one it generated.
 */
export function encryptionKeyFromEnvOrLocal(): string | undefined {
  if (process.env.SENTINEL_ENCRYPTION_KEY) return process.env.SENTINEL_ENCRYPTION_KEY;
  const file = path.resolve(import.meta.dirname, '..', '..', '.sentinel', 'secrets.json');
  if (process.env.DATABASE_URL || !fs.existsSync(file)) return undefined;
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { SENTINEL_ENCRYPTION_KEY?: string }).SENTINEL_ENCRYPTION_KEY;
}
