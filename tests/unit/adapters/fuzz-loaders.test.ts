import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { EnvError, parseEnv, serverEnvShape, workerEnvShape } from '@/adapters/config/env';
import { CandleFileError, loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { channelConfigSchemas } from '@/adapters/notify/channels';
import { closePositionPayload, resetLockPayload, rollbackPayload, safeModePayload } from '@/domain/control/command-payloads';
import { emergencyStopPayload, extremeModePayload, operatorRequestPayload } from '@/domain/control/emergency-payloads';
import { riskConfigSchema } from '@/domain/risk/risk-config';
import { garbageArb, hostileStringArb, malformedOf, sampleFor } from '../../support/fuzz';

/*
 * The bad-input fuzz test for the loaders (docs/security.md "Bad input"): the CSV candle
 * loader, the configuration schemas and the environment loader get random corruptions
 * from a fixed seed (SENTINEL_FUZZ_SEED for another one). Each must answer with its own
 * error type naming the line and column, the field or the variable — never another
 * exception, never a partial load.
 */

const RUNS = 150;

// ── CSV candle loader ────────────────────────────────────────────────────────────────
const COLUMNS = ['timestamp_ms', 'open', 'high', 'low', 'close', 'volume'] as const;
const realLines = gunzipSync(fs.readFileSync(path.join(import.meta.dirname, '../../../data/binance_BTCUSDT_1h.csv.gz')))
  .toString('utf8').split('\n').slice(0, 41); // the header and 40 real hourly candles
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sentinel-fuzz-csv-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** One corruption of a data row: what it does to the lines, the line the loader must name and the words it must say. */
interface Corruption { name: string; apply(lines: string[]): string[]; line: number; mentions: RegExp }

const notANumber = hostileStringArb.filter((s) => !s.includes(',') && !s.includes('\n') && !s.includes('\r') && !Number.isFinite(s.trim() === '' ? NaN : Number(s)));

function corruptionArb(dataRows: number): fc.Arbitrary<Corruption> {
  const row = fc.integer({ min: 1, max: dataRows - 1 }); // index into lines; line number = index + 1
  const withRow = (i: number, f: (cells: string[]) => string[]) => (lines: string[]) => lines.map((l, j) => (j === i ? f(l.split(',')).join(',') : l));
  return fc.oneof(
    fc.tuple(row, fc.integer({ min: 1, max: 5 })).map(([i, keep]): Corruption => ({
      name: 'truncated', line: i + 1, mentions: /expected 6 columns/, apply: withRow(i, (c) => c.slice(0, keep)) })),
    row.map((i): Corruption => ({ name: 'extra column', line: i + 1, mentions: /expected 6 columns, got 7/, apply: withRow(i, (c) => [...c, '1']) })),
    fc.tuple(row, fc.integer({ min: 0, max: 5 }), notANumber).map(([i, col, junk]): Corruption => ({
      name: `non-numeric ${COLUMNS[col]}`, line: i + 1, mentions: new RegExp(`${COLUMNS[col]} is not a number`), apply: withRow(i, (c) => c.map((v, k) => (k === col ? junk : v))) })),
    fc.tuple(row, fc.integer({ min: 1, max: 4 }), fc.constantFrom('0', '-1', '-0', '-42000.5')).map(([i, col, v]): Corruption => ({
      name: `non-positive ${COLUMNS[col]}`, line: i + 1, mentions: /must be greater than 0|high\/low do not contain/, apply: withRow(i, (c) => c.map((x, k) => (k === col ? v : x))) })),
    row.map((i): Corruption => ({ name: 'high below low', line: i + 1, mentions: /high\/low do not contain/,
      apply: withRow(i, (c) => [c[0]!, c[1]!, String(Number(c[3]) * 0.9), String(Number(c[2]) * 1.1), c[4]!, c[5]!]) })),
    fc.tuple(row, fc.integer({ min: 1, max: 5 })).map(([i, col]): Corruption => ({ name: `timestamp swapped with ${COLUMNS[col]}`, line: i + 1, mentions: /timestamp_ms|high\/low/,
      apply: withRow(i, (c) => { const s = [...c]; [s[0], s[col]] = [s[col]!, s[0]!]; return s; }) })),
    fc.integer({ min: 2, max: dataRows - 1 }).map((i): Corruption => ({ name: 'duplicate timestamp', line: i + 1, mentions: /is not after the previous row/,
      apply: (lines) => lines.map((l, j) => (j === i ? [lines[i - 1]!.split(',')[0], ...l.split(',').slice(1)].join(',') : l)) })),
    fc.integer({ min: 1, max: dataRows - 2 }).map((i): Corruption => ({ name: 'rows out of order', line: i + 2, mentions: /is not after the previous row/,
      apply: (lines) => lines.map((l, j) => (j === i ? lines[i + 1]! : j === i + 1 ? lines[i]! : l)) })),
    row.map((i): Corruption => ({ name: 'blank line', line: i + 1, mentions: /expected 6 columns, got 1/, apply: (lines) => lines.map((l, j) => (j === i ? '' : l)) })),
  );
}

function writeCsv(name: string, text: string): string {
  const file = path.join(dir, `binance_BTCUSDT_1h_${name}.csv`);
  fs.writeFileSync(file, text);
  return file;
}

function loadError(file: string): CandleFileError {
  try {
    loadCandlesCsv(file);
  } catch (e) {
    if (e instanceof CandleFileError) return e;
    throw new Error(`the loader threw ${String(e)} instead of a CandleFileError`, { cause: e });
  }
  throw new Error('the corrupted file loaded');
}

describe('bad-input fuzz: CSV candle loader', () => {
  const dataRows = realLines.length;

  it('the real lines load as they are', () => {
    expect(loadCandlesCsv(writeCsv('clean', realLines.join('\n'))).length).toBe(dataRows - 1);
  });

  it('one corruption: refused whole, naming its line and column', () => {
    const cases = sampleFor('csv-one', corruptionArb(dataRows), RUNS);
    cases.forEach((c, n) => {
      const err = loadError(writeCsv(`one${n}`, c.apply(realLines).join('\n')));
      expect(err.problems[0], `${c.name}: ${err.message}`).toMatch(new RegExp(`^line ${c.line}: `));
      expect(err.problems[0], c.name).toMatch(c.mentions);
    });
  });

  it('several corruptions, CRLF or not: only CandleFileErrors, every problem naming a line', () => {
    const arb = fc.tuple(fc.array(corruptionArb(dataRows), { minLength: 1, maxLength: 4 }), fc.boolean());
    sampleFor('csv-many', arb, RUNS).forEach(([corruptions, isCrlf], n) => {
      const lines = corruptions.reduce((ls, c) => c.apply(ls), realLines);
      const err = loadError(writeCsv(`many${n}`, lines.join(isCrlf ? '\r\n' : '\n')));
      for (const p of err.problems) expect(p).toMatch(/^line \d+: /);
    });
  });

  it('random bytes instead of a file: a CandleFileError, never another exception', () => {
    const arb = fc.oneof(fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)), fc.string({ unit: 'binary', maxLength: 300 }).map((s) => Buffer.from(`${realLines[0]}\n${s}`)));
    sampleFor('csv-bytes', arb, RUNS).forEach((bytes, n) => {
      const file = writeCsv(`bytes${n}`, bytes.toString('latin1'));
      try {
        loadCandlesCsv(file);
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(CandleFileError);
      }
    });
  });

  it('documented tolerance: a byte-order mark, CRLF line ends and a final newline load the same candles', () => {
    const tolerated = loadCandlesCsv(writeCsv('bom-crlf', `\ufeff${realLines.join('\r\n')}\r\n`));
    expect(tolerated.length).toBe(dataRows - 1);
    expect(Array.from(tolerated.close)).toEqual(realLines.slice(1).map((l) => Number(l.split(',')[4])));
  });

  it('an empty file or a header alone: line 1 named, or no candles', () => {
    expect(loadError(writeCsv('empty', '')).problems[0]).toMatch(/^line 1: header must be/);
    expect(loadCandlesCsv(writeCsv('header', `${realLines[0]}\n`)).length).toBe(0);
  });
});

// ── configuration schemas ──────────────────────────────────────────────────────────
const configSchemas: [string, z.ZodType][] = [
  ['risk config', riskConfigSchema],
  ...Object.entries(channelConfigSchemas).map(([kind, s]): [string, z.ZodType] => [`alert channel ${kind}`, s]),
  ['safe mode command', safeModePayload], ['reset lock command', resetLockPayload], ['close position command', closePositionPayload],
  ['rollback command', rollbackPayload], ['emergency stop command', emergencyStopPayload], ['extreme mode command', extremeModePayload],
  ['operator request command', operatorRequestPayload],
];

describe('bad-input fuzz: configuration and command payload schemas', () => {
  for (const [name, schema] of configSchemas) {
    it(`${name}: refused with issues naming the field, never an exception`, () => {
      for (const input of sampleFor(name, malformedOf(schema), RUNS)) {
        const result = schema.safeParse(input); // throws only on a bug in a refinement
        if (result.success) continue;
        for (const issue of result.error.issues) {
          // a root issue (the whole value has the wrong type) has no field to name
          const isRoot = issue.path.length === 0 && (input === null || typeof input !== 'object' || Array.isArray(input));
          const named = issue.path.length > 0 || isRoot || /^\w+[ :]/.test(issue.message);
          expect(named, `${name}: ${JSON.stringify(issue)}`).toBe(true);
        }
      }
    });
  }
});

// ── environment loader ─────────────────────────────────────────────────────────────
/** What a garbage value would read as once in the environment (which holds strings only). */
function asEnvString(v: unknown): string {
  try {
    return String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

const VALID_ENV = {
  DATABASE_URL: 'postgresql://sentinel@127.0.0.1:5432/sentinel',
  SENTINEL_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  AUTH_SECRET: 'a'.repeat(40),
};

describe('bad-input fuzz: environment loader', () => {
  for (const [name, shape] of [['server', serverEnvShape], ['worker', workerEnvShape]] as const) {
    it(`${name} environment: each field given random strings — parsed, or an EnvError naming that field`, () => {
      const fields = Object.keys(shape);
      const arb = fc.tuple(fc.constantFrom(...fields), fc.oneof(hostileStringArb, garbageArb.map(asEnvString), fc.string({ maxLength: 20 })));
      for (const [field, value] of sampleFor(`env-${name}`, arb, RUNS * 2)) {
        try {
          parseEnv(shape, { ...VALID_ENV, [field]: value });
        } catch (e) {
          expect(e, `${field}=${JSON.stringify(value).slice(0, 80)}: ${String(e)}`).toBeInstanceOf(EnvError);
          for (const p of (e as EnvError).problems) expect(p.startsWith(`${field} `), p).toBe(true);
        }
      }
    });
  }
});
