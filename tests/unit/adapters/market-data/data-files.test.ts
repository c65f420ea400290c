import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';

/** The shipped candles are exactly the ones PROVENANCE.md describes (sha256 and row count). */
const DATA = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'data');
const table = fs.readFileSync(path.join(DATA, 'PROVENANCE.md'), 'utf8').split('\n')
  .map((l) => /^\| (binance_\w+\.csv\.gz) \| (\d+) \|.*`([0-9a-f]{64})` \|$/.exec(l))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ file: m[1]!, rows: Number(m[2]), sha256: m[3]! }));

describe('data/', () => {
  it('lists 21 files in PROVENANCE.md, and every one is here', () => {
    expect(table).toHaveLength(21);
    const present = fs.readdirSync(DATA).filter((f) => f.endsWith('.csv.gz')).sort();
    expect(present).toEqual(table.map((r) => r.file).sort());
  });

  it.each(table)('$file matches its recorded sha256', ({ file, sha256 }) => {
    expect(createHash('sha256').update(fs.readFileSync(path.join(DATA, file))).digest('hex')).toBe(sha256);
  });

  it('BTCUSDT 1h loads whole and valid, with its recorded row count and a well-known print', () => {
    const rec = table.find((r) => r.file === 'binance_BTCUSDT_1h.csv.gz')!;
    const s = loadCandlesCsv(path.join(DATA, rec.file));
    expect(s.length).toBe(rec.rows);
    // the COVID crash low of 2020-03-13, 3782.13 on Binance
    const from = Date.UTC(2020, 2, 12);
    let low = Infinity;
    for (let i = 0; i < s.length; i++) if (s.time[i]! >= from && s.time[i]! < from + 2 * 86_400_000) low = Math.min(low, s.low[i]!);
    expect(low).toBe(3782.13);
  });
});
