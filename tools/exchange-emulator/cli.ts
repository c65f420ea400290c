import path from 'node:path';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { marketFromSeries } from './markets';
import { ExchangeEmulator } from './server';

/**
 * `npm run emulator -- --data FILE.csv.gz [--data …] [--port N] [--speed X] [--start ISO]
 *   [--key KEY --secret SECRET --usdt AMOUNT]`
 * Serves the candle files as a Binance-spot REST API on 127.0.0.1. Without --data it serves
 * every shipped 1h file. The market clock starts at --start (default 2025-01-01) and runs
 * --speed times wall time (default 3600: an hour of candles a second; 0 = only
 * POST /emulator/step moves it). One account: --key/--secret (printed), --usdt balance.
 */
function arg(name: string): string[] {
  const out: string[] = [];
  const a = process.argv.slice(2);
  for (let i = 0; i < a.length; i++) if (a[i] === `--${name}` && a[i + 1] !== undefined) out.push(a[++i]!);
  return out;
}
const one = (name: string, def: string) => arg(name).at(-1) ?? def;

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let files = arg('data');
if (files.length === 0) {
  const fs = await import('node:fs');
  files = fs.readdirSync(path.join(ROOT, 'data')).filter((f) => f.endsWith('_1h.csv.gz')).map((f) => path.join('data', f));
}
const markets = files.map((f) => marketFromSeries(loadCandlesCsv(path.resolve(ROOT, f))));
const start = Date.parse(one('start', '2025-01-01T00:00:00Z'));
if (!Number.isFinite(start)) throw new Error(`--start: not a date: ${one('start', '')}`);
const speed = Number(one('speed', '3600'));
if (!(speed >= 0)) throw new Error('--speed: a number ≥ 0 (0 = stepped only)');
const port = Number(one('port', '0'));
const apiKey = one('key', 'sentinelEmulatorKey1');
const secret = one('secret', 'sentinel-emulator-secret');
const emu = new ExchangeEmulator({ markets, start, speed, port, accounts: [{ apiKey, secret, balances: { USDT: Number(one('usdt', '10000')) } }] });
const url = await emu.listen();
process.stdout.write(`[emulator] Binance-spot REST on ${url} · ${markets.length} markets (${markets.map((m) => `${m.symbol}${m.rules.source === 'default rule' ? '*' : ''}`).join(', ')}; * = default trading rules)\n`);
process.stdout.write(`[emulator] market clock ${new Date(emu.clock).toISOString()} at ${speed}× · API key ${apiKey} · secret ${secret}\n`);
const stop = async () => { await emu.close(); process.exit(0); };
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
