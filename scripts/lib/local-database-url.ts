import fs from 'node:fs';
import path from 'node:path';

const FILE = path.resolve(import.meta.dirname, '..', '..', '.sentinel', 'database-url');

/** npm start writes the embedded server's URL here (mode 600) for the admin scripts. */
export function saveLocalDatabaseUrl(url: string) {
  fs.writeFileSync(FILE, url + '\n', { mode: 0o600 });
}

/** DATABASE_URL, or the embedded server's while `npm start` runs it. */
export function databaseUrlFromEnvOrLocal(): string | undefined {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  return fs.existsSync(FILE) ? fs.readFileSync(FILE, 'utf8').trim() : undefined;
}
