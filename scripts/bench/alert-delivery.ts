import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { createDb } from '@/adapters/db/client';
import { ALERTS_CHANNEL } from '@/adapters/db/channels';
import { startListener } from '@/adapters/db/listener';
import { createLogger } from '@/adapters/logging/logger';
import { sealChannelConfig } from '@/adapters/notify/channels';
import { raiseAlert } from '@/adapters/repo/alerts';
import { provisionTestPostgres, urlWithDb } from '@/tests/support/test-postgres';
import { startDeliveryLoop } from '@/worker/alerts/delivery';
import type { BenchCase } from './index';
import { latency, type Latency } from './latency';

/**
 * Issue 9's alert latency: from a risk event in the worker (an alert raised in a
 * transaction, as persistRiskState does) to the alert row committed, and to its delivery at
 * a webhook on 127.0.0.1 (the delivery loop woken by the alert's NOTIFY, the request
 * HMAC-signed). The control is the same webhook POST with nothing around it.
 */
export interface AlertBench { n: number; row: Latency; delivered: Latency; control: Latency }
const KEY = Buffer.alloc(32, 9).toString('base64');

export async function runAlertBench(isQuick: boolean): Promise<AlertBench> {
  const n = isQuick ? 30 : 200;
  const server = await provisionTestPostgres();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const name = `bench_alerts_${process.pid}`;
  const arrivals = new Map<string, number>();
  const hook = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString(); });
    req.on('end', () => { arrivals.set(String(req.headers['x-sentinel-alert-id'] ?? body), performance.now()); res.end('ok'); });
  });
  await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(server.template)}`);
    const dbUrl = urlWithDb(server.adminUrl, name);
    const { db, close } = createDb(dbUrl, { max: 6 });
    const log = createLogger('bench', 'silent');
    const ch = await db.alertChannel.create({ data: { name: 'bench webhook', kind: 'webhook', config: {}, minSeverity: 'INFO', createdAt: new Date(Date.now() - 1000) } });
    await db.alertChannel.update({ where: { id: ch.id }, data: { config: sealChannelConfig('webhook', { url, signingSecret: 'bench-signing-secret-0001' }, KEY, ch.id) as object } });
    // the per-channel rate limit lifted: this measures latency, not throttling
    const loop = startDeliveryLoop(db, log, { encryptionKey: KEY, now: () => new Date(), intervalMs: 5000, perChannelPerMinute: 1e9 });
    const listener = startListener(dbUrl, ALERTS_CHANNEL, log, () => loop.wake());
    await new Promise((r) => setTimeout(r, 500)); // the LISTEN connection is up
    const row: number[] = [];
    const delivered: number[] = [];
    const control: number[] = [];
    try {
      for (let i = 0; i < n + 5; i++) {
        const t0 = performance.now();
        const a = await db.$transaction((tx) => raiseAlert(tx, { severity: 'CRITICAL', code: 'DAILY_LOSS_LIMIT', message: `bench ${i}`, dedupKey: `bench:${i}` }, new Date()));
        const t1 = performance.now();
        while (!arrivals.has(a.id)) await new Promise((r) => setImmediate(r));
        if (i >= 5) { row.push(t1 - t0); delivered.push(arrivals.get(a.id)! - t0); } // 5 warm-up alerts
        const c0 = performance.now();
        await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json', 'x-sentinel-alert-id': `control-${i}` } });
        if (i >= 5) control.push(performance.now() - c0);
      }
    } finally {
      await listener.stop();
      await loop.stop();
      await close();
    }
    return { n, row: latency(row), delivered: latency(delivered), control: latency(control) };
  } finally {
    await new Promise((r) => hook.close(r));
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await server.embedded?.stop();
  }
}

const ms = (x: number) => `${x.toFixed(2)} ms`;

export const alertDeliveryCase: BenchCase<AlertBench> = {
  id: 'A1',
  script: new URL(import.meta.url).pathname,
  rows: (r) => [
    { case: `A1 risk event → alert row committed, ${r.n} alerts: p50 (p99 ${ms(r.row.p99)})`, value: ms(r.row.p50), control: '—', ratio: '—', target: '— (reported)', met: '—' },
    { case: 'A1 risk event → delivered at the local webhook (NOTIFY wakes the outbox): p50 / p99', value: `${ms(r.delivered.p50)} / ${ms(r.delivered.p99)}`,
      control: `${ms(r.control.p50)} / ${ms(r.control.p99)} (the same POST alone)`, ratio: (r.delivered.p99 / r.control.p99).toFixed(1), target: 'p99 < 1 s', met: r.delivered.p99 < 1000 ? 'yes' : 'no' },
  ],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runAlertBench(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n` : `${alertDeliveryCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control})`).join('\n')}\n`);
  process.exit(0);
}
