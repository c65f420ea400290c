import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { backtestCase, memoryCase } from './backtest';
import { indicatorsCase } from './indicators';
import { riskValidatorCase } from './risk-validator';
import { journalWritesCase } from './journal-writes';
import { dashboardCase } from './dashboard';
import { emulatorCase } from './emulator';
import { liveSubmitCase } from './live-submit';
import { alertDeliveryCase } from './alert-delivery';
import { systemMetricsCase } from './system-metrics';
import { sweepThroughputCase } from './sweep-throughput';
import { leaseTakeoverCase } from './lease-takeover';

/**
 * `npm run bench` (docs/benchmarks.md): every case runs in fresh child processes, one
 * discarded warm-up run then the median of at least 5; each figure is printed next to
 * a control measured in the same child. Prints one Markdown table and writes
 * bench-results.json (git-ignored) so runs can be compared. Never fails: a case that
 * breaks prints its error in the table.
 *   npm run bench [-- --quick] [-- --runs 7] [-- B2 ...]
 */
export interface BenchRow { case: string; value: string; control: string; ratio: string; target: string; met: string }

/** A case: a script that, run with `--json [--quick]`, prints one JSON result as its last line. */
export interface BenchCase<R> {
  id: string;
  /** other case ids this script measures in the same runs (B4's run also measures B5) */
  alsoIds?: string[];
  /** absolute path of the script */
  script: string;
  /** the table rows for the median result */
  rows(median: R): BenchRow[];
}

// Add new cases here (B1, B3, ...): one module per case in scripts/bench/.
const CASES: BenchCase<never>[] = [backtestCase, riskValidatorCase, indicatorsCase, dashboardCase, liveSubmitCase, journalWritesCase, memoryCase, emulatorCase, alertDeliveryCase, systemMetricsCase, sweepThroughputCase, leaseTakeoverCase];

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CHILD_TIMEOUT_MS = 15 * 60_000;

interface CaseOutcome { id: string; runs: unknown[]; median: unknown; rows: BenchRow[]; error?: string }

function runChild(c: BenchCase<never>, isQuick: boolean): unknown {
  const args = ['--import', 'tsx', c.script, '--json', ...(isQuick ? ['--quick'] : [])];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
  const last = r.stdout?.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) {
    const why = r.error?.message ?? r.stderr?.trim().split('\n').find((l) => /error/i.test(l)) ?? `exit ${r.status}`;
    throw new Error(why);
  }
  return JSON.parse(last) as unknown;
}

/** The median of each number across runs, field by field (objects recursively). */
function median(values: unknown[]): unknown {
  const first = values[0];
  if (typeof first === 'number') {
    const xs = (values as number[]).slice().sort((a, b) => a - b);
    const mid = Math.floor(xs.length / 2);
    return xs.length % 2 ? xs[mid] : (xs[mid - 1]! + xs[mid]!) / 2;
  }
  if (first && typeof first === 'object') {
    return Object.fromEntries(Object.keys(first).map((k) => [k, median(values.map((v) => (v as Record<string, unknown>)[k]))]));
  }
  return first;
}

function table(rows: BenchRow[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return ['| case | value | control | ratio | target | met? |', '|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${[r.case, r.value, r.control, r.ratio, r.target, r.met].map(esc).join(' | ')} |`)].join('\n');
}

function main() {
  const argv = process.argv.slice(2);
  const isQuick = argv.includes('--quick');
  const runsAt = argv.indexOf('--runs');
  const runs = Math.max(5, runsAt >= 0 ? Number(argv[runsAt + 1]) || 5 : 5);
  const wanted = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--runs').map((a) => a.toUpperCase());
  const cases = CASES.filter((c) => wanted.length === 0 || wanted.includes(c.id) || c.alsoIds?.some((id) => wanted.includes(id)));
  const say = (s: string) => process.stderr.write(`[bench] ${s}\n`);
  const outcomes: CaseOutcome[] = [];
  for (const c of cases) {
    try {
      say(`${c.id}: warm-up run${isQuick ? ' (quick)' : ''}`);
      runChild(c, isQuick);
      const results: unknown[] = [];
      for (let i = 1; i <= runs; i++) {
        say(`${c.id}: run ${i}/${runs}`);
        results.push(runChild(c, isQuick));
      }
      const m = median(results);
      outcomes.push({ id: c.id, runs: results, median: m, rows: c.rows(m as never) });
    } catch (e) {
      const error = (e as Error).message;
      outcomes.push({ id: c.id, runs: [], median: null, rows: [{ case: c.id, value: `failed: ${error}`, control: '—', ratio: '—', target: '—', met: 'no' }], error });
    }
  }
  const rows = outcomes.flatMap((o) => o.rows);
  process.stdout.write(`\n${table(rows)}\n\nMedian of ${runs} runs, each in a fresh process after a warm-up run${isQuick ? '; --quick: workloads ÷ 10' : ''}. Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}.\n`);
  const file = path.join(ROOT, 'bench-results.json');
  fs.writeFileSync(file, `${JSON.stringify({
    generatedAt: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, isQuick, runsPerCase: runs, cases: outcomes,
  }, null, 2)}\n`);
  say(`results written to ${path.relative(process.cwd(), file) || file}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
