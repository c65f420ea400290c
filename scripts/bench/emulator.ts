import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import type { BenchCase } from './index';

/**
 * E1 (the exchange emulator issue asks for it; no target): requests per second the emulator
 * sustains, autocannon in a separate process with 10 connections, on a public call (24h
 * ticker), a signed call (account: HMAC check, timestamp window) and the control (ping).
 * The signed request is signed once with recvWindow 60 s, so it stays valid for the run.
 */
export interface EmulatorBench { seconds: number; ping: Load; ticker: Load; account: Load }
interface Load { rps: number; p50: number; p99: number; non2xx: number }

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const KEY = { apiKey: 'benchEmulatorKey0001', secret: 'bench-secret' };

/** autocannon in its own process; asynchronous, since the emulator answers from this process's event loop */
function load(url: string, seconds: number, headers: string[] = []): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules', '.bin', 'autocannon'), ['-c', '10', '-d', String(seconds), '-j', ...headers.flatMap((h) => ['-H', h]), url]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.once('exit', (code) => {
      if (code !== 0) return reject(new Error(`autocannon failed: ${err}`));
      const j = JSON.parse(out) as { latency: { p50: number; p99: number }; requests: { average: number }; non2xx: number };
      resolve({ rps: j.requests.average, p50: j.latency.p50, p99: j.latency.p99, non2xx: j.non2xx });
    });
  });
}

export async function runEmulatorBench(isQuick: boolean): Promise<EmulatorBench> {
  const files = ['binance_BTCUSDT_1h.csv.gz', 'binance_ETHUSDT_1h.csv.gz', 'binance_SOLUSDT_1h.csv.gz'];
  const emu = new ExchangeEmulator({ markets: files.map((f) => marketFromSeries(loadCandlesCsv(path.join(ROOT, 'data', f)))), start: Date.UTC(2025, 0, 1),
    accounts: [{ ...KEY, balances: { USDT: 10_000, BTC: 1 } }], weightPerMinute: 1e12 });
  const url = await emu.listen();
  try {
    const seconds = isQuick ? 2 : 10;
    const query = `timestamp=${Date.now()}&recvWindow=60000`;
    const signed = `${url}/api/v3/account?${query}&signature=${createHmac('sha256', KEY.secret).update(query).digest('hex')}`;
    await load(`${url}/api/v3/ticker/24hr?symbol=BTCUSDT`, 1); // warm-up
    const ping = await load(`${url}/api/v3/ping`, seconds);
    const ticker = await load(`${url}/api/v3/ticker/24hr?symbol=BTCUSDT`, seconds);
    const account = await load(signed, seconds, [`X-MBX-APIKEY: ${KEY.apiKey}`]);
    return { seconds, ping, ticker, account };
  } finally {
    await emu.close();
  }
}

const row = (label: string, x: Load, c: Load, seconds: number) => ({
  case: `E1 exchange emulator, ${label}, autocannon 10 connections ${seconds} s (p50 ${x.p50} ms, p99 ${x.p99} ms, ${x.non2xx} non-2xx)`,
  value: `${Math.round(x.rps).toLocaleString('en-US')} req/s`, control: `${Math.round(c.rps).toLocaleString('en-US')} req/s (GET /api/v3/ping)`,
  ratio: (x.rps / c.rps).toFixed(2), target: '— (reported)', met: '—',
});

export const emulatorCase: BenchCase<EmulatorBench> = {
  id: 'E1',
  script: new URL(import.meta.url).pathname,
  rows: (r) => [row('GET /api/v3/ticker/24hr', r.ticker, r.ping, r.seconds), row('signed GET /api/v3/account', r.account, r.ping, r.seconds)],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runEmulatorBench(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${emulatorCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control})`).join('\n')}\n`);
  process.exit(0);
}
