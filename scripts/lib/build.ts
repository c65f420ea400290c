import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Build the dashboard once per source state: the fingerprint is the git commit plus
 * any uncommitted changes, so a second start skips `next build` and an edited tree
 * rebuilds. Outside git, a missing build triggers one.
 */
export function sourceFingerprint(root: string): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const dirty = execFileSync('git', ['diff', 'HEAD'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20 });
    const untracked = execFileSync('git', ['ls-files', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return createHash('sha256').update(head).update(dirty).update(untracked).digest('hex');
  } catch {
    return undefined;
  }
}

export function ensureBuild(root: string, stateDir: string, log: (s: string) => void, env: NodeJS.ProcessEnv): void {
  const distDir = env.NEXT_DIST_DIR || '.next';
  const stamp = path.join(stateDir, distDir === '.next' ? 'build-fingerprint' : `build-fingerprint-${path.basename(distDir)}`);
  const fp = sourceFingerprint(root);
  const hasBuild = fs.existsSync(path.join(root, distDir, 'BUILD_ID'));
  if (hasBuild && fp && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === fp) return;
  if (hasBuild && !fp) return;
  log('building the dashboard (next build)…');
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'next'), ['build'], { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) throw new Error('next build failed');
  if (fp) fs.writeFileSync(stamp, fp);
}

/**
 * The Prisma client is generated at `npm install`; after a `git pull` that changed the
 * schema the old client would miss the new columns, and the worker would fail on every
 * write. Regenerate when the schema differs from the one the client was generated from.
 */
export function ensurePrismaClient(root: string, log: (s: string) => void): void {
  // the client embeds the schema as prisma format left it: compare without the alignment
  const squash = (x: string) => x.replace(/[ \t]+/g, ' ').trim();
  const schema = fs.readFileSync(path.join(root, 'prisma', 'schema.prisma'), 'utf8');
  const generated = generatedSchema(root);
  if (generated !== undefined && squash(generated) === squash(schema)) return;
  log('the database schema changed since npm install: regenerating the Prisma client…');
  const r = spawnSync(path.join(root, 'node_modules', '.bin', 'prisma'), ['generate'], { cwd: root, stdio: 'inherit', env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: '/bin/false' } });
  if (r.status !== 0) throw new Error('prisma generate failed');
}

/** The schema text the generated client embeds (its "inlineSchema"), or undefined. */
function generatedSchema(root: string): string | undefined {
  try {
    const src = fs.readFileSync(path.join(root, 'generated', 'prisma', 'internal', 'class.ts'), 'utf8');
    const m = /"inlineSchema":\s*("(?:[^"\\]|\\.)*")/.exec(src);
    return m ? (JSON.parse(m[1]!) as string) : undefined;
  } catch {
    return undefined;
  }
}
