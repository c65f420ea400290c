import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { splitSymbol, type CandleSeries } from '@/domain/market/candle-series';

export const CANDLE_HEADER = 'timestamp_ms,open,high,low,close,volume';
const MAX_REPORTED = 20;

export class CandleFileError extends Error {
  constructor(readonly file: string, readonly problems: string[], readonly total: number) {
    super(`${file}: ${total} bad row${total === 1 ? '' : 's'}, nothing loaded:\n${problems.map((p) => `  ${p}`).join('\n')}${total > problems.length ? `\n  … and ${total - problems.length} more` : ''}`);
    this.name = 'CandleFileError';
  }
}

export const loadOptionsSchema = z.object({
  /** override the symbol inferred from the file name (exchange_BASEQUOTE_timeframe.csv.gz) */
  symbol: z.string().regex(/^[A-Z0-9]{1,15}\/?[A-Z0-9]{1,10}$/i, 'symbol must look like BTCUSDT or BTC/USDT').optional(),
  timeframe: z.string().regex(/^\d+[mhdw]$/, 'timeframe must look like 5m, 1h or 1d').optional(),
  fromMs: z.number().int().optional(),
  toMs: z.number().int().optional(),
});
export type LoadOptions = z.infer<typeof loadOptionsSchema>;

/** binance_BTCUSDT_1h.csv.gz → { symbol: 'BTCUSDT', timeframe: '1h' } */
export function inferFromFileName(file: string): { symbol?: string; timeframe?: string } {
  const name = path.basename(file).replace(/\.csv(\.gz)?$/i, '');
  const parts = name.split(/[_\-.]/);
  const timeframe = parts.find((p) => /^\d+[mhdw]$/.test(p));
  const symbol = parts.find((p) => p !== timeframe && splitSymbol(p) !== undefined);
  return { symbol, timeframe };
}

/**
 * Read a candle file (gzip or plain CSV, header `timestamp_ms,open,high,low,close,volume`)
 * into typed arrays. Every row is checked — six finite numbers, integer timestamps
 * strictly increasing, high ≥ max(open, close), low ≤ min(open, close), prices > 0,
 * volume ≥ 0 — and a bad row is reported by file and line: the file is refused whole,
 * never loaded with rows silently skipped. Gaps (missing candles) are real and kept.
 * Rows are checked by hand rather than one zod parse per row: a year of 5m candles is
 * 100k rows per pair, and the messages still name file, line and field.
 */
export function loadCandlesCsv(file: string, rawOptions: LoadOptions = {}): CandleSeries {
  const opts = loadOptionsSchema.parse(rawOptions);
  const buf = fs.readFileSync(file);
  const text = (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const inferred = inferFromFileName(file);
  const rawSymbol = opts.symbol ?? inferred.symbol;
  const split = rawSymbol ? splitSymbol(rawSymbol) : undefined;
  if (!split) throw new CandleFileError(file, [`cannot tell the symbol from the file name: pass --symbol (e.g. BTCUSDT)`], 1);
  if ((lines[0] ?? '').trim() !== CANDLE_HEADER) {
    throw new CandleFileError(file, [`line 1: header must be "${CANDLE_HEADER}" (got "${(lines[0] ?? '').slice(0, 80)}")`], 1);
  }
  const n = lines.length - 1;
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)] as const;
  const [time, open, high, low, close, volume] = cols;
  const problems: string[] = [];
  let bad = 0;
  const report = (line: number, msg: string) => { bad += 1; if (problems.length < MAX_REPORTED) problems.push(`line ${line}: ${msg}`); };
  const NAMES = ['timestamp_ms', 'open', 'high', 'low', 'close', 'volume'];
  let kept = 0;
  let prevT = -Infinity;
  for (let i = 1; i <= n; i++) {
    const fields = lines[i]!.trim().split(',');
    if (fields.length !== 6) { report(i + 1, `expected 6 columns, got ${fields.length}`); continue; }
    const v = fields.map(Number);
    const badField = v.findIndex((x, k) => fields[k] === '' || !Number.isFinite(x));
    if (badField >= 0) { report(i + 1, `${NAMES[badField]} is not a number ("${fields[badField]}")`); continue; }
    const [t, o, h, l, c, vol] = v as [number, number, number, number, number, number];
    if (!Number.isInteger(t)) { report(i + 1, `timestamp_ms must be a whole number of milliseconds (got ${fields[0]})`); continue; }
    if (t <= prevT) { report(i + 1, `timestamp_ms ${t} is not after the previous row's ${prevT}`); continue; }
    prevT = t;
    if (!(o > 0 && h > 0 && l > 0 && c > 0)) { report(i + 1, 'prices must be greater than 0'); continue; }
    if (vol < 0) { report(i + 1, `volume must not be negative (got ${vol})`); continue; }
    if (h < Math.max(o, c) || l > Math.min(o, c) || l > h) { report(i + 1, `high/low do not contain open/close (o ${o} h ${h} l ${l} c ${c})`); continue; }
    if ((opts.fromMs !== undefined && t < opts.fromMs) || (opts.toMs !== undefined && t >= opts.toMs)) continue;
    time[kept] = t; open[kept] = o; high[kept] = h; low[kept] = l; close[kept] = c; volume[kept] = vol;
    kept += 1;
  }
  if (bad) throw new CandleFileError(file, problems, bad);
  const cut = (a: Float64Array) => (kept === n ? a : a.slice(0, kept));
  return {
    symbol: `${split.base}/${split.quote}`, base: split.base, quote: split.quote, timeframe: opts.timeframe ?? inferred.timeframe ?? 'unknown',
    length: kept, time: cut(time), open: cut(open), high: cut(high), low: cut(low), close: cut(close), volume: cut(volume),
  };
}
