import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { provisionTestPostgres } from '@/tests/support/test-postgres';
import { aptInstall } from './lib/apt';
import { ensureBuild } from './lib/build';
import { ensurePgClient } from './lib/pg-client';

/**
 * `npm test`: the whole suite, as CI runs it (.ci/run calls exactly this). Provisions
 * what a fresh machine lacks (Debian's Chromium and PostgreSQL 15 client, a PostgreSQL
 * server), then runs typecheck, lint, unit, integration (real PostgreSQL), chaos (killed
 * processes, one file at a time), build and end-to-end (real
 * Chromium against the production build), prints each phase's wall time and closes
 * with one summary line. Every phase runs even after a failure, so one run shows all.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, '.sentinel', 'test-results');
const bin = (name: string) => path.join(ROOT, 'node_modules', '.bin', name);
const say = (s: string) => process.stdout.write(`\n[test] ${s}\n`);

interface Phase { name: string; ok: boolean; seconds: number; passed?: number; failed?: number; note?: string }
const phases: Phase[] = [];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

async function phase(name: string, fn: () => Promise<Omit<Phase, 'name' | 'seconds'>>) {
  say(`── ${name} ──`);
  const t0 = Date.now();
  let result: Omit<Phase, 'name' | 'seconds'>;
  try {
    result = await fn();
  } catch (e) {
    result = { ok: false, note: (e as Error).message };
  }
  const p = { name, seconds: (Date.now() - t0) / 1000, ...result };
  phases.push(p);
  say(`${name}: ${p.ok ? 'ok' : 'FAILED'}${p.passed !== undefined ? ` (${p.passed} passed, ${p.failed} failed)` : ''}${p.note ? ` — ${p.note}` : ''} in ${p.seconds.toFixed(1)} s`);
  return p;
}

function readJson(file: string): unknown {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

function vitestCounts(file: string) {
  const r = readJson(file) as { numPassedTests: number; numFailedTests: number } | undefined;
  return r ? { passed: r.numPassedTests, failed: r.numFailedTests } : { passed: 0, failed: 0, note: 'no results written' };
}

function ensureChromium() {
  if (fs.existsSync('/usr/bin/chromium')) return 'present';
  aptInstall(['chromium'], '/usr/bin/chromium', say);
  return 'installed';
}

async function main() {
  const t0 = Date.now();
  fs.rmSync(RESULTS, { recursive: true, force: true });
  fs.mkdirSync(RESULTS, { recursive: true });
  // no test sends traffic beyond 127.0.0.1: Next's telemetry stays off
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '1', NEXT_TELEMETRY_DISABLED: '1' };
  let stopPostgres: (() => Promise<void>) | undefined;

  const provision = await phase('provision', async () => {
    const chromium = ensureChromium();
    // the backup tests dump and restore with the real pg_dump / pg_restore
    const pgClient = ensurePgClient((s) => say(s)).isInstalled ? 'installed' : 'present';
    const pg = await provisionTestPostgres((s) => say(s));
    stopPostgres = pg.embedded?.stop;
    env.SENTINEL_TEST_PG_URL = pg.adminUrl;
    env.SENTINEL_TEST_TEMPLATE = pg.template;
    return { ok: true, note: `chromium ${chromium}; pg_dump ${pgClient}; PostgreSQL ${pg.embedded ? 'embedded 15' : 'from SENTINEL_TEST_PG_URL'}, template ${pg.template}` };
  });

  try {
    await phase('typecheck', async () => ({ ok: (await run(bin('tsc'), ['--noEmit'], env)) === 0 }));
    await phase('lint', async () => ({ ok: (await run(bin('eslint'), ['--max-warnings', '0', '.'], env)) === 0 }));
    for (const project of ['unit', 'integration', 'chaos'] as const) {
      await phase(project, async () => {
        if (project !== 'unit' && !provision.ok) return { ok: false, note: 'no PostgreSQL' };
        const out = path.join(RESULTS, `${project}.json`);
        const code = await run(bin('vitest'), ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], env);
        const counts = vitestCounts(out);
        return { ok: code === 0 && counts.failed === 0 && counts.passed > 0, ...counts };
      });
    }
    const build = await phase('build', async () => {
      ensureBuild(ROOT, path.join(ROOT, '.sentinel'), (s) => say(s), env);
      return { ok: true };
    });
    await phase('e2e', async () => {
      if (!build.ok || !provision.ok) return { ok: false, note: 'skipped: no build or no provisioning' };
      const out = path.join(RESULTS, 'e2e.json');
      const code = await run(bin('playwright'), ['test'], { ...env, PLAYWRIGHT_JSON_OUTPUT_NAME: out });
      const r = readJson(out) as { stats?: { expected: number; unexpected: number; flaky: number } } | undefined;
      const passed = r?.stats ? r.stats.expected + r.stats.flaky : 0;
      const failed = r?.stats?.unexpected ?? 0;
      return { ok: code === 0 && failed === 0 && passed > 0, passed, failed, note: r?.stats?.flaky ? `${r.stats.flaky} flaky` : undefined };
    });
  } finally {
    await stopPostgres?.();
  }

  const passed = phases.reduce((n, p) => n + (p.passed ?? 0), 0);
  const failed = phases.reduce((n, p) => n + (p.failed ?? 0), 0);
  const failedPhases = phases.filter((p) => !p.ok).map((p) => p.name);
  process.stdout.write('\n| phase | result | tests passed | failed | wall time |\n|---|---|---|---|---|\n');
  for (const p of phases) process.stdout.write(`| ${p.name} | ${p.ok ? 'ok' : 'FAILED'} | ${p.passed ?? '—'} | ${p.failed ?? '—'} | ${p.seconds.toFixed(1)} s |\n`);
  const total = ((Date.now() - t0) / 1000).toFixed(1);
  process.stdout.write(`\nSUMMARY: ${failedPhases.length ? 'FAILED' : 'PASSED'} — ${passed} tests passed, ${failed} failed; ` +
    `${failedPhases.length ? `failed phases: ${failedPhases.join(', ')}` : 'all phases ok'}; total ${total} s\n`);
  process.exit(failedPhases.length ? 1 : 0);
}

main().catch((e) => {
  process.stderr.write(`npm test crashed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
