import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stageLocalEncryptionKey } from '@/scripts/lib/secrets';

describe('the Quick start key for npm run keys:rotate', () => {
  const dirs: string[] = [];
  afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });
  const secretsFile = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-keys-'));
    dirs.push(dir);
    const file = path.join(dir, 'secrets.json');
    fs.writeFileSync(file, JSON.stringify({ AUTH_SECRET: 'auth', SENTINEL_ENCRYPTION_KEY: 'old' }), { mode: 0o600 });
    return file;
  };

  it('is on disk (mode 600) before the database commits, and replaces the old one only at commit, keeping the other secrets', () => {
    const file = secretsFile();
    const staged = stageLocalEncryptionKey(file, 'new');
    expect(JSON.parse(fs.readFileSync(staged.pendingFile, 'utf8'))).toEqual({ AUTH_SECRET: 'auth', SENTINEL_ENCRYPTION_KEY: 'new' });
    expect(fs.statSync(staged.pendingFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).SENTINEL_ENCRYPTION_KEY).toBe('old');
    staged.commit();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ AUTH_SECRET: 'auth', SENTINEL_ENCRYPTION_KEY: 'new' });
    expect(fs.existsSync(staged.pendingFile)).toBe(false);
  });

  it('is dropped when the rotation fails: the old key stays', () => {
    const file = secretsFile();
    const staged = stageLocalEncryptionKey(file, 'new');
    staged.abort();
    expect(fs.existsSync(staged.pendingFile)).toBe(false);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).SENTINEL_ENCRYPTION_KEY).toBe('old');
  });
});
