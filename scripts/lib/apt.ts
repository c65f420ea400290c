import { spawnSync } from 'node:child_process';

/**
 * Install Debian packages a fresh machine lacks (`npm test`'s chromium, the PostgreSQL
 * client for backups). Only root installs; anyone else gets the command to run.
 * `what` names the missing thing in that message.
 */
export function aptInstall(packages: string[], what: string, say: (s: string) => void) {
  const command = `apt-get install -y --no-install-recommends ${packages.join(' ')}`;
  if (process.getuid?.() !== 0) throw new Error(`${what} is missing and this is not root: sudo ${command}`);
  say(`installing ${packages.join(', ')} (${command})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', ...packages]]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
  }
}
