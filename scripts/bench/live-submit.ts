import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb } from '@/adapters/db/client';
import { binanceClient } from '@/adapters/exchange/binance';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { provisionTestPostgres, urlWithDb } from '@/tests/support/test-postgres';
import { marketFromSeries } from '@/tools/exchange-emulator/markets';
import { ExchangeEmulator } from '@/tools/exchange-emulator/server';
import { submitOrder } from '@/worker/live/submit-order';
import { ExchangeHealth } from '@/worker/live/exchange-health';
import { LiveRunner } from '@/worker/live/live-runner';
import { createLogger } from '@/adapters/logging/logger';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import type { BenchCase } from './index';
import { latency, type Latency } from './latency';

/**
 * B6, the broker's part: latency
 * from "send this order" to "acknowledged and recorded" through the live broker
 * (submitOrder: write-ahead row, ccxt call, record) against the emulator on 127.0.0.1,
 * next to the null pipeline: the same ccxt createOrder with nothing around it. The
 * difference is the broker's internal overhead (target p99 ≤ 20 ms). Then orders per
 * second the broker sustains, one after another.
 */
export interface LiveSubmitBench { n: number; broker: Latency; raw: Latency; ordersPerSec: number; tick: { entries: number; candles: number; pipeline: Latency; null: Latency } }

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const KEY = { apiKey: 'benchLiveKey000001', secret: 'bench-live-secret' };

export async function runLiveSubmitBench(isQuick: boolean): Promise<LiveSubmitBench> {
  const n = isQuick ? 100 : 1000;
  const server = await provisionTestPostgres();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const name = `bench_live_${process.pid}`;
  const emu = new ExchangeEmulator({ markets: [marketFromSeries(loadCandlesCsv(path.join(ROOT, 'data', 'binance_BTCUSDT_1h.csv.gz'), { fromMs: Date.UTC(2025, 0, 1), toMs: Date.UTC(2025, 1, 1) }))],
    start: Date.UTC(2025, 0, 15), weightPerMinute: 1e12, accounts: [{ ...KEY, balances: { USDT: 1e9 } }] });
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(server.template)}`);
    const { db, close } = createDb(urlWithDb(server.adminUrl, name), { max: 4 });
    try {
      const { account } = await ensureBaseData(db, { now: new Date(), capitalAllocationCap: 1 });
      const ex = binanceClient(await emu.listen(), KEY);
      await ex.loadMarkets();
      const price = Number((emu.engine.lastPrice('BTCUSDT') * 0.5).toFixed(2)); // rests far below: every order is a NEW on the book
      const raw: number[] = [];
      const broker: number[] = [];
      for (let i = 0; i < 50; i++) await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, price, { clientOrderId: `warm-${i}` }); // warm-up
      for (let i = 0; i < n; i++) {
        let t0 = performance.now();
        await ex.createOrder('BTC/USDT', 'limit', 'buy', 0.001, price, { clientOrderId: `raw-${i}` });
        raw.push(performance.now() - t0);
        t0 = performance.now();
        const r = await submitOrder(db, ex, { accountId: account.id, clientOrderId: `snl-b${i}-1`, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price, purpose: 'ENTRY' });
        broker.push(performance.now() - t0);
        if (r.outcome !== 'placed') throw new Error(`order ${i}: ${r.outcome} ${r.error}`);
      }
      const t0 = performance.now();
      for (let i = 0; i < n; i++) await submitOrder(db, ex, { accountId: account.id, clientOrderId: `snl-r${i}-1`, symbol: 'BTC/USDT', side: 'buy', type: 'limit', amount: 0.001, price, purpose: 'ENTRY' });
      const ordersPerSec = (n / (performance.now() - t0)) * 1000;
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(`${name}_tick`)} TEMPLATE ${pg.escapeIdentifier(server.template)}`);
      const tick = await runTickToOrder(urlWithDb(server.adminUrl, `${name}_tick`), isQuick ? 10 : 50);
      return { n, broker: latency(broker), raw: latency(raw), ordersPerSec, tick };
    } finally {
      await close();
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(`${name}_tick`)} WITH (FORCE)`).catch(() => undefined);
    }
  } finally {
    await emu.close();
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await server.embedded?.stop();
  }
}

/**
 * B6 from candle close to order: the live runner (worker/live/live-runner.ts) on the emulator
 * with the 11 shipped 1h markets that cover 2024-2025, the clock stepped one candle per pass. Each entry's time
 * runs from "the closing candle was fetched" (all markets polled) through SIGNAL → RESEARCH →
 * DECIDE → RISK VALIDATOR, the decision and the write-ahead order committed, to the
 * exchange's acknowledgement of the order. The null pipeline is ingress → submit with no
 * logic: a candle fetched, then the same market order sent at once.
 */
async function runTickToOrder(url: string, wanted: number) {
  const { db, close } = createDb(url, { max: 4 });
  // every shipped 1h file with candles in 2024-2025 (BNB's ends in 2022)
  const series = fs.readdirSync(path.join(ROOT, 'data')).filter((f) => /^binance_[A-Z0-9]+_1h\.csv\.gz$/.test(f))
    .map((f) => loadCandlesCsv(path.join(ROOT, 'data', f), { fromMs: Date.UTC(2024, 0, 1), toMs: Date.UTC(2026, 0, 1) })).filter((x) => x.length > 1000);
  const emu = new ExchangeEmulator({ markets: series.map((x) => marketFromSeries(x)),
    start: Date.UTC(2024, 2, 1), weightPerMinute: 1e12, accounts: [{ ...KEY, balances: { USDT: 1e6 } }] });
  try {
    const { account } = await ensureBaseData(db, { now: new Date(), capitalAllocationCap: 1 });
    const base = await emu.listen();
    const health = new ExchangeHealth(db, account.id, 'emulator', 60_000, Date.now);
    const ex = health.attach(binanceClient(base, KEY));
    const symbols = series.map((x) => `${x.base}/${x.quote}`);
    const latencies: number[] = [];
    const runner = await LiveRunner.open(db, ex, health, createLogger('bench', 'silent'), {
      accountId: account.id, exchange: 'binance', exchangeUrl: base, symbols, timeframe: '1h', cfg: defaultBacktestConfig({ timeZone: 'UTC' }), workerLabel: 'bench',
      reconcileEveryMs: 60_000, now: () => new Date(), onEntryAck: (x) => latencies.push(x),
    });
    let candles = 0;
    // the first entries run cold code (JIT, first statements prepared): warm-up, not measured, as the broker's 50 warm-up orders
    const WARM = 10;
    for (; latencies.length < wanted + WARM && candles < 15_000; candles++) { emu.step(1); await runner.tick(); }
    latencies.splice(0, WARM);
    // the null pipeline: a candle fetched, the order sent at once
    const nul: number[] = [];
    for (let i = 0; i < Math.max(latencies.length, 20); i++) {
      const symbol = symbols[i % symbols.length]!;
      await ex.fetchOHLCV(symbol, '1h', undefined, 2);
      const t0 = performance.now();
      await ex.createOrder(symbol, 'market', 'buy', undefined as unknown as number, undefined, { quoteOrderQty: 20 });
      nul.push(performance.now() - t0);
    }
    return { entries: latencies.length, candles, pipeline: latency(latencies), null: latency(nul) };
  } finally {
    await emu.close();
    await close();
  }
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

export const liveSubmitCase: BenchCase<LiveSubmitBench> = {
  id: 'B6',
  script: new URL(import.meta.url).pathname,
  rows: (r) => [
    { case: `B6 live broker (write-ahead + ccxt + record) against the emulator, ${r.n} orders: p50 (max ${ms(r.broker.max)})`, value: ms(r.broker.p50),
      control: `${ms(r.raw.p50)} (null pipeline: ccxt createOrder alone)`, ratio: (r.broker.p50 / r.raw.p50).toFixed(2), target: 'overhead p99 ≤ 20 ms', met: '—' },
    { case: 'B6 live broker: p99, and the overhead over the null pipeline', value: `${ms(r.broker.p99)} (overhead ${ms(r.broker.p99 - r.raw.p99)})`,
      control: `${ms(r.raw.p99)} (null pipeline)`, ratio: (r.broker.p99 / r.raw.p99).toFixed(2), target: 'overhead p99 ≤ 20 ms', met: r.broker.p99 - r.raw.p99 <= 20 ? 'yes' : 'no' },
    { case: 'B6 live broker: orders per second, one after another', value: `${Math.round(r.ordersPerSec)} orders/s`, control: '—', ratio: '—', target: '— (reported)', met: '—' },
    { case: `B6 live mode, candle close seen → entry acknowledged (${r.tick.entries} entries over ${r.tick.candles} candle times, 11 markets): p50 (max ${ms(r.tick.pipeline.max)})`,
      value: ms(r.tick.pipeline.p50), control: `${ms(r.tick.null.p50)} (null pipeline: candle in, order out)`, ratio: (r.tick.pipeline.p50 / r.tick.null.p50).toFixed(2), target: 'overhead p99 ≤ 20 ms', met: '—' },
    { case: 'B6 live mode, candle close → order: p99, and the overhead over the null pipeline', value: `${ms(r.tick.pipeline.p99)} (overhead ${ms(r.tick.pipeline.p99 - r.tick.null.p99)})`,
      control: `${ms(r.tick.null.p99)} (null pipeline)`, ratio: (r.tick.pipeline.p99 / r.tick.null.p99).toFixed(2), target: 'overhead p99 ≤ 20 ms', met: r.tick.pipeline.p99 - r.tick.null.p99 <= 20 ? 'yes' : 'no' },
  ],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runLiveSubmitBench(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${liveSubmitCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control})`).join('\n')}\n`);
  process.exit(0);
}
