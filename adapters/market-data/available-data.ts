import fs from 'node:fs';
import path from 'node:path';
import type { AvailableData } from '@/domain/research/sweep-grid';

/** The shipped candle files (data/binance_<SYMBOL>_<timeframe>.csv.gz). */
// Next's server bundle has no import.meta.dirname (the module runs from the build folder);
// the web server runs from the project root, as stage-gate.ts assumes for docs/
export const DATA_DIR = import.meta.dirname ? path.resolve(import.meta.dirname, '..', '..', 'data') : path.resolve(process.cwd(), 'data');
const FILE_NAME = /^binance_([A-Z0-9]+)_(\d+[mhdw])\.csv\.gz$/;

/** The candle file of a symbol and timeframe. */
export function candleFile(dataDir: string, symbol: string, timeframe: string): string {
  return path.join(dataDir, `binance_${symbol}_${timeframe}.csv.gz`);
}

/** Which symbols and timeframes a sweep can use: the candle files present in the data folder. */
export function listAvailableData(dataDir: string = DATA_DIR): AvailableData[] {
  return fs.readdirSync(dataDir).flatMap((name) => {
    const m = FILE_NAME.exec(name);
    return m ? [{ symbol: m[1]!, timeframe: m[2]! }] : [];
  }).sort((a, b) => a.symbol.localeCompare(b.symbol) || a.timeframe.localeCompare(b.timeframe));
}
