import { pathToFileURL } from 'node:url';
import { createDb } from '@/adapters/db/client';
import { endpointLabel, SystemMetricWindows } from '@/domain/metrics/system-metric-windows';
import { provisionTestPostgres, urlWithDb } from '@/tests/support/test-postgres';
import type { BenchCase } from './index';
import { latency, type Latency } from './latency';

/**
 * M1 (docs/monitoring.md, "Overhead"): what the worker's system metrics cost.
 *  - one exchange request recorded (its endpoint label from ccxt's URL, then the histogram),
 *    per call, next to a control loop doing the same work without the recorder;
 *  - one database statement timed through the driver-adapter wrapper: `SELECT 1` round
 *    trips with the wrapper, next to the same client built without it, alternating.
 */
export interface SystemMetricsBench { records: number; recordNs: number; controlNs: number; statements: number; timed: Latency; plain: Latency }

const URLS = ['/api/v3/klines?symbol=BTCUSDT&interval=1h&limit=2', '/api/v3/order', '/api/v3/openOrders?symbol=ETHUSDT', '/api/v3/myTrades?symbol=SOLUSDT&orderId=1',
  '/api/v3/exchangeInfo', '/api/v3/account?timestamp=1&signature=ab'].map((p) => `http://127.0.0.1:9100${p}`);

function recordCost(n: number): { recordNs: number; controlNs: number } {
  const w = new SystemMetricWindows();
  let sink = 0;
  // the control: the same loop and the same label string built, no recorder
  let t0 = performance.now();
  for (let i = 0; i < n; i++) sink += endpointLabel('GET', URLS[i % URLS.length]!).length + (i % 997);
  const controlNs = ((performance.now() - t0) * 1e6) / n;
  t0 = performance.now();
  for (let i = 0; i < n; i++) w.record('exchange_request', endpointLabel('GET', URLS[i % URLS.length]!), 200 + (i % 997) * 37, i % 50 === 0);
  const recordNs = ((performance.now() - t0) * 1e6) / n;
  if (sink < 0 || w.drain().length !== URLS.length) throw new Error('unexpected');
  return { recordNs, controlNs };
}

export async function runSystemMetricsBench(isQuick: boolean): Promise<SystemMetricsBench> {
  const records = isQuick ? 200_000 : 2_000_000;
  recordCost(records / 10); // warm-up
  const cost = recordCost(records);
  const statements = isQuick ? 1000 : 5000;
  const server = await provisionTestPostgres();
  const url = urlWithDb(server.adminUrl, 'postgres');
  const w = new SystemMetricWindows();
  const timed = createDb(url, { max: 1, onStatement: (us, isError) => w.record('db_query', 'statement', us, isError) });
  const plain = createDb(url, { max: 1 });
  try {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < statements + 200; i++) {
      for (const [db, xs] of [[timed.db, a], [plain.db, b]] as const) {
        const t0 = performance.now();
        await db.$queryRaw`SELECT 1`;
        if (i >= 200) xs.push(performance.now() - t0);
      }
    }
    return { records, ...cost, statements, timed: latency(a), plain: latency(b) };
  } finally {
    await timed.close();
    await plain.close();
    await server.embedded?.stop();
  }
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;

export const systemMetricsCase: BenchCase<SystemMetricsBench> = {
  id: 'M1',
  script: new URL(import.meta.url).pathname,
  rows: (r) => [
    { case: `M1 system metrics: one exchange request recorded (endpoint label + histogram), ${r.records.toLocaleString('en-US')} calls`, value: `${(r.recordNs - r.controlNs).toFixed(0)} ns a request`,
      control: `${r.controlNs.toFixed(0)} ns (the label alone)`, ratio: (r.recordNs / r.controlNs).toFixed(2), target: '≤ 1 µs a request', met: r.recordNs - r.controlNs <= 1000 ? 'yes' : 'no' },
    { case: `M1 system metrics: SELECT 1 through the timed driver adapter, ${r.statements} round trips: p50 (p99 ${us(r.timed.p99)})`, value: us(r.timed.p50),
      control: `${us(r.plain.p50)} (p99 ${us(r.plain.p99)}, the same client untimed)`, ratio: (r.timed.p50 / r.plain.p50).toFixed(2), target: 'overhead p50 ≤ 5 µs',
      met: (r.timed.p50 - r.plain.p50) * 1000 <= 5 ? 'yes' : 'no' },
  ],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runSystemMetricsBench(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${systemMetricsCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control})`).join('\n')}\n`);
  process.exit(0);
}
