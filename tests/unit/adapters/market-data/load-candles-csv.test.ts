import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CandleFileError, inferFromFileName, loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const HEADER = 'timestamp_ms,open,high,low,close,volume';
function write(name: string, rows: string[], gzip = true) {
  const p = path.join(dir, name);
  const body = [HEADER, ...rows].join('\n') + '\n';
  fs.writeFileSync(p, gzip ? gzipSync(body) : body);
  return p;
}
const GOOD = ['1000,10,12,9,11,5', '2000,11,11.5,10.5,11,0', '4000,11,13,10,12.5,7.25'];

function problemsOf(fn: () => unknown): string {
  try { fn(); } catch (e) { if (e instanceof CandleFileError) return e.message; throw e; }
  throw new Error('expected a CandleFileError');
}

describe('loadCandlesCsv', () => {
  it('reads gzip and plain files into typed columns, keeping gaps, inferring symbol and timeframe', () => {
    for (const gz of [true, false]) {
      const s = loadCandlesCsv(write(`kraken_SOLUSDC_4h.csv${gz ? '.gz' : ''}`, GOOD, gz));
      expect(s).toMatchObject({ symbol: 'SOL/USDC', base: 'SOL', quote: 'USDC', timeframe: '4h', length: 3 });
      expect(s.time).toBeInstanceOf(Float64Array);
      expect(Array.from(s.time)).toEqual([1000, 2000, 4000]);
      expect(Array.from(s.close)).toEqual([11, 11, 12.5]);
      expect(Array.from(s.volume)).toEqual([5, 0, 7.25]);
    }
  });

  it('filters by [from, to) and takes the symbol from options for any file name', () => {
    const s = loadCandlesCsv(write('whatever.csv.gz', GOOD), { symbol: 'PEPEUSDT', timeframe: '1h', fromMs: 2000, toMs: 4000 });
    expect(s).toMatchObject({ symbol: 'PEPE/USDT', timeframe: '1h', length: 1 });
    expect(() => loadCandlesCsv(write('whatever2.csv.gz', GOOD))).toThrow(/pass --symbol/);
  });

  it.each([
    ['1000,10,12,9,11', /line 2: expected 6 columns, got 5/],
    ['1000,10,abc,9,11,5', /line 2: high is not a number \("abc"\)/],
    ['1000,10,12,9,,5', /line 2: close is not a number/],
    ['1000.5,10,12,9,11,5', /line 2: timestamp_ms must be a whole number/],
    ['1000,10,10.5,9,11,5', /line 2: high\/low do not contain open\/close/],
    ['1000,10,12,10.5,11,5', /line 2: high\/low do not contain open\/close/],
    ['1000,0,12,9,11,5', /line 2: open must be greater than 0 \(got 0\)/],
    ['1000,10,12,9,11,-1', /line 2: volume must not be negative/],
  ])('refuses %s naming file and line', (row, message) => {
    const file = write('binance_BTCUSDT_1h.csv.gz', [row, ...GOOD.slice(1)]);
    const msg = problemsOf(() => loadCandlesCsv(file));
    expect(msg).toMatch(message);
    expect(msg).toContain(file);
  });

  it('refuses timestamps that do not increase, a wrong header, and reports every bad row (not only the first)', () => {
    expect(problemsOf(() => loadCandlesCsv(write('binance_BTCUSDT_1h.csv.gz', ['2000,10,12,9,11,5', '2000,10,12,9,11,5']))))
      .toMatch(/line 3: timestamp_ms 2000 is not after the previous row's 2000/);
    const p = path.join(dir, 'binance_ETHUSDT_1h.csv');
    fs.writeFileSync(p, 'time,o,h,l,c,v\n1,1,1,1,1,1\n');
    expect(problemsOf(() => loadCandlesCsv(p))).toMatch(/line 1: header must be/);
    const many = Array.from({ length: 30 }, (_, i) => `${(i + 1) * 1000},x,1,1,1,1`);
    const msg = problemsOf(() => loadCandlesCsv(write('binance_XRPUSDT_5m.csv.gz', many)));
    expect(msg).toMatch(/30 bad rows, nothing loaded/);
    expect(msg).toMatch(/… and 10 more/);
  });

  it('reads CRLF files and a last row without a newline; an empty line is a bad row', () => {
    const p = path.join(dir, 'binance_ADAUSDT_1h.csv');
    fs.writeFileSync(p, [HEADER, ...GOOD].join('\r\n'));
    expect(Array.from(loadCandlesCsv(p).close)).toEqual([11, 11, 12.5]);
    fs.writeFileSync(p, [HEADER, GOOD[0], '', GOOD[2]].join('\n'));
    expect(problemsOf(() => loadCandlesCsv(p))).toMatch(/line 3: expected 6 columns, got 1/);
  });

  it('infers symbol and timeframe from the usual names', () => {
    expect(inferFromFileName('data/binance_BTCUSDT_5m.csv.gz')).toEqual({ symbol: 'BTCUSDT', timeframe: '5m' });
    expect(inferFromFileName('ETHBTC-1d.csv')).toEqual({ symbol: 'ETHBTC', timeframe: '1d' });
  });
});
