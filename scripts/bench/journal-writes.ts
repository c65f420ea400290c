import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createDb } from '@/adapters/db/client';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { writeJournalBatch, type JournalRow } from '@/adapters/repo/journal-batch';
import { provisionTestPostgres, urlWithDb } from '@/tests/support/test-postgres';
import type { BenchCase } from './index';

/**
 * B7 (docs/benchmarks.md): the project's journal writer (writeJournalBatch) putting
 * 100,000 decision rows into PostgreSQL, next to COPY FROM STDIN of the same rows into
 * the same table. Each run uses a fresh database copied from the migrated template.
 */
export interface JournalWritesResult { rows: number; writerRowsPerSec: number; copyRowsPerSec: number }

function makeRows(accountId: string, n: number): JournalRow[] {
  const rules = ['exposure.asset', 'risk_per_trade', 'martingale', 'trading_state', null];
  return Array.from({ length: n }, (_, i) => {
    const rule = rules[i % rules.length]!;
    return {
      accountId, at: new Date(Date.UTC(2025, 0, 1) + i * 300_000), kind: 'DECISION', symbol: i % 2 ? 'BTC/USDT' : 'ETH/USDT', strategy: 'ema_cross',
      outcome: rule === null ? 'APPROVED' : i % 3 ? 'SHRUNK' : 'REJECTED', rule, message: `decision ${i}`,
      details: { quantity: 0.01 + (i % 7) / 1000, riskFraction: 0.004, checks: [{ rule: 'risk_per_trade', outcome: 'pass', input: 0.004, added: 0, threshold: 0.01, maxQty: 0.05 }] },
    };
  });
}

const csvField = (v: string) => `"${v.replace(/"/g, '""')}"`;

export async function runJournalWrites(isQuick: boolean): Promise<JournalWritesResult> {
  const n = isQuick ? 10_000 : 100_000;
  const server = await provisionTestPostgres();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  try {
    const name = `bench_journal_${process.pid}`;
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(server.template)}`);
    const url = urlWithDb(server.adminUrl, name);
    const { db, close } = createDb(url, { max: 2 });
    try {
      const { account } = await ensureBaseData(db, { now: new Date(), capitalAllocationCap: 1 });
      const rows = makeRows(account.id, n);
      await writeJournalBatch(db, rows.slice(0, 2000)); // warm-up: connection, statement shapes
      let t0 = performance.now();
      await writeJournalBatch(db, rows);
      const writerMs = performance.now() - t0;

      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        const lines = rows.map((r) => [r.accountId, r.at.toISOString(), r.kind, r.symbol ?? '', r.strategy ?? '', r.outcome ?? '', r.rule ?? '', r.message, JSON.stringify(r.details)]
          .map((v, i) => (v === '' && i >= 3 ? '' : csvField(v))).join(',') + '\n');
        t0 = performance.now();
        await pipeline(Readable.from(lines), c.query(copyFrom(
          `COPY "JournalEntry" ("accountId", at, kind, symbol, strategy, outcome, rule, message, details) FROM STDIN WITH (FORMAT csv)`)));
        const copyMs = performance.now() - t0;
        return { rows: n, writerRowsPerSec: (n / writerMs) * 1000, copyRowsPerSec: (n / copyMs) * 1000 };
      } finally {
        await c.end();
      }
    } finally {
      await close();
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
    }
  } finally {
    await admin.end();
    await server.embedded?.stop();
  }
}

const k = (r: number) => `${(r / 1000).toFixed(1)} k rows/s`;

export const journalWritesCase: BenchCase<JournalWritesResult> = {
  id: 'B7',
  script: new URL(import.meta.url).pathname,
  rows: (r) => [{
    case: `B7 journal writes, ${r.rows.toLocaleString('en-US')} decision rows (writeJournalBatch: 2,000 rows per INSERT … unnest)`, value: k(r.writerRowsPerSec),
    control: `${k(r.copyRowsPerSec)} (COPY FROM STDIN)`, ratio: (r.writerRowsPerSec / r.copyRowsPerSec).toFixed(2), target: '≥ 40.0 k rows/s',
    met: r.writerRowsPerSec >= 40_000 ? 'yes' : 'no',
  }],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runJournalWrites(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${journalWritesCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control})`).join('\n')}\n`);
}
