import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { chromium } from '@playwright/test';
import { createDb } from '@/adapters/db/client';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { createUser } from '@/server/services/users';
import { ensureBuild } from '@/scripts/lib/build';
import { freePort, provisionTestPostgres, urlWithDb } from '@/tests/support/test-postgres';
import type { BenchCase } from './index';

/**
 * B4 and B5 (docs/benchmarks.md), one child process per run:
 *  - a fresh database from the migrated template holding one year of paper history of the
 *    default run's size, written by SQL (8,760 hourly equity snapshots, 2,400 closed
 *    positions with their orders and fills, 30,000 journal rows, 105,120 candles, open
 *    positions with resting stops, alerts, a heartbeat);
 *  - the production dashboard (`next start`, the build `npm test` uses) against it, and a
 *    viewer's session from the real login flow (CSRF token, credentials callback);
 *  - B4: autocannon in a separate process, 10 connections for 20 s, on the Overview query
 *    (tRPC GET overview.get) and on health.ping (the control) — p50, p99, requests/s;
 *  - B5: Debian's Chromium, 5 cold loads (a new browser context each) of the Overview to
 *    the `overview-ready` performance mark (set when the first data renders), next to the
 *    same loads of the static login page to its DOMContentLoaded.
 * Run alone: `tsx scripts/bench/dashboard.ts [--quick] [--json]` (--quick: 3 s of load, 3 loads).
 */
export interface DashboardResult {
  overview: LoadFigures;
  ping: LoadFigures;
  overviewReadyMs: number;
  staticReadyMs: number;
  loads: number;
  rows: { snapshots: number; positions: number; journal: number; candles: number };
}
interface LoadFigures { p50: number; p99: number; rps: number; non2xx: number; durationS: number }

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const say = (s: string) => process.stderr.write(`[bench B4/B5] ${s}\n`);
const VIEWER = { email: 'viewer@bench.local', password: 'bench viewer password 42' };

async function seedYear(url: string, accountId: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const y = `timestamp '2025-01-01'`;
    await c.query(`INSERT INTO "EquitySnapshot" ("accountId", at, equity, cash, exposure, "realizedPnl", "unrealizedPnl", "drawdownFraction")
      SELECT $1::uuid, ${y} + g * interval '1 hour', 500 + 40 * sin(g / 300.0) + g * 0.004, 300, 200, g * 0.004, 0, greatest(0, -sin(g / 300.0)) * 0.06
      FROM generate_series(0, 8759) g`, [accountId]);
    await c.query(`INSERT INTO "Position" (id, "accountId", symbol, strategy, status, quantity, "entryPrice", "stopPrice", "targetPrice", "initialRisk", "riskFraction",
        "openedAt", "closedAt", "exitPrice", "exitReason", "realizedPnl", fees, "rMultiple")
      SELECT gen_random_uuid(), $1::uuid, (ARRAY['BTC/USDT','ETH/USDT','SOL/USDT','XRP/USDT','ADA/USDT','DOGE/USDT'])[1 + g % 6], (ARRAY['ema_cross','donchian_breakout','rsi_reversion'])[1 + g % 3],
        'CLOSED', 0.01, 100, 95, 110, 0.05, 0.01, ${y} + g * interval '3.6 hours', ${y} + g * interval '3.6 hours' + interval '20 hours', 101,
        (ARRAY['STOP','TARGET','SIGNAL'])[1 + g % 3]::"ExitReason", CASE WHEN g % 3 = 0 THEN -0.05 ELSE 0.08 END, 0.002, CASE WHEN g % 3 = 0 THEN -1 ELSE 1.6 END
      FROM generate_series(0, 2399) g`, [accountId]);
    await c.query(`INSERT INTO "Position" (id, "accountId", symbol, strategy, status, quantity, "entryPrice", "stopPrice", "targetPrice", "initialRisk", "openedAt")
      SELECT gen_random_uuid(), $1::uuid, s, 'ema_cross', 'OPEN', 0.5, 100, 95, 110, 2.5, ${y} + interval '364 days' FROM unnest(ARRAY['LTC/USDT','BNB/USDT','DOT/USDT','LINK/USDT']) s`, [accountId]);
    await c.query(`INSERT INTO "Order" (id, "accountId", "clientOrderId", symbol, side, type, purpose, status, quantity, "stopPrice", "positionId", "createdAt", "updatedAt")
      SELECT gen_random_uuid(), p."accountId", 'snl-b-' || p.id || '-' || k, p.symbol, CASE WHEN k = 0 THEN 'BUY' ELSE 'SELL' END::"OrderSide",
        CASE WHEN k = 1 THEN 'STOP_LOSS_LIMIT' ELSE 'MARKET' END::"OrderType", (ARRAY['ENTRY','STOP','EXIT'])[1 + k]::"OrderPurpose",
        CASE WHEN p.status = 'OPEN' AND k = 1 THEN 'OPEN' WHEN k = 2 AND p.status = 'OPEN' THEN 'CANCELED' ELSE 'FILLED' END::"OrderStatus", p.quantity, p."stopPrice", p.id, p."openedAt", p."openedAt"
      FROM "Position" p, generate_series(0, 2) k WHERE p."accountId" = $1::uuid`, [accountId]);
    await c.query(`INSERT INTO "Fill" (id, "accountId", "orderId", "exchangeTradeId", symbol, side, quantity, price, fee, "filledAt")
      SELECT gen_random_uuid(), o."accountId", o.id, 'paper-' || o.id, o.symbol, o.side, o.quantity, 100, 0.001, o."createdAt" FROM "Order" o WHERE o.status = 'FILLED'`);
    await c.query(`INSERT INTO "JournalEntry" ("accountId", at, kind, symbol, strategy, outcome, rule, message, details)
      SELECT $1::uuid, ${y} + g * interval '17.5 minutes', 'DECISION', (ARRAY['BTC/USDT','ETH/USDT','SOL/USDT','XRP/USDT'])[1 + g % 4], 'ema_cross',
        (ARRAY['APPROVED','SHRUNK','REJECTED'])[1 + g % 3]::"DecisionOutcome", CASE WHEN g % 3 = 0 THEN NULL ELSE 'exposure.total' END, 'decision ' || g,
        jsonb_build_object('checks', jsonb_build_array(jsonb_build_object('rule', 'exposure.total', 'outcome', 'pass', 'input', 0.2, 'added', 0.05, 'threshold', 0.5, 'maxQty', null)))
      FROM generate_series(0, 29999) g`, [accountId]);
    await c.query(`INSERT INTO "Candle" (exchange, symbol, timeframe, "openTime", open, high, low, close, volume)
      SELECT 'binance', s, '1h', ${y} + g * interval '1 hour', 100, 101, 99, 100.5, 1000
      FROM unnest(ARRAY['BTC/USDT','ETH/USDT','SOL/USDT','XRP/USDT','ADA/USDT','DOGE/USDT','LTC/USDT','BNB/USDT','DOT/USDT','LINK/USDT','BCH/USDT','XTZ/USDT']) s, generate_series(0, 8759) g`);
    await c.query(`INSERT INTO "PaperReplay" ("accountId", cash, "cursorTime", feed, marks, "startedAt", "updatedAt")
      VALUES ($1::uuid, 300, ${y} + interval '364 days 23 hours', '{}', '{"LTC/USDT": 101, "BNB/USDT": 99, "DOT/USDT": 100.5, "LINK/USDT": 102}', now(), now())`, [accountId]);
    await c.query(`INSERT INTO "Alert" (id, "accountId", severity, code, message, evidence, "dedupKey", "openDedupKey") VALUES
      (gen_random_uuid(), $1::uuid, 'WARNING', 'DRAWDOWN_REDUCE', 'drawdown above 10%', '{}', 'b1', 'b1'), (gen_random_uuid(), $1::uuid, 'INFO', 'NEW_TRADE', 'new trade', '{}', 'b2', 'b2')`, [accountId]);
    await c.query(`INSERT INTO "WorkerHeartbeat" ("workerId", hostname, pid, mode, version, "startedAt", "lastBeatAt", details) VALUES ('bench', 'bench', 1, 'PAPER', 'bench', now(), now(), '{}')`);
    await c.query('ANALYZE');
    const n = async (t: string) => Number((await c.query<{ n: string }>(`SELECT count(*)::text n FROM "${t}"`)).rows[0]!.n);
    return { snapshots: await n('EquitySnapshot'), positions: await n('Position'), journal: await n('JournalEntry'), candles: await n('Candle') };
  } finally {
    await c.end();
  }
}

/** The login a browser does: CSRF token, then the credentials callback; returns the Cookie header of the session. */
async function logIn(base: string): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => { for (const c of res.headers.getSetCookie()) { const [kv] = c.split(';'); const i = kv!.indexOf('='); jar.set(kv!.slice(0, i), kv!.slice(i + 1)); } };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  keep(csrfRes);
  const { csrfToken } = await csrfRes.json() as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ email: VIEWER.email, password: VIEWER.password, csrfToken, callbackUrl: `${base}/` }),
  });
  keep(res);
  if (![...jar.keys()].some((k) => k.includes('session-token'))) throw new Error(`login failed (status ${res.status})`);
  return cookie();
}

function autocannon(url: string, cookie: string, seconds: number): LoadFigures {
  const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'autocannon'), ['-c', '10', '-d', String(seconds), '-j', '-H', `Cookie: ${cookie}`, url],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: (seconds + 60) * 1000 });
  if (r.status !== 0) throw new Error(`autocannon failed: ${r.stderr}`);
  const j = JSON.parse(r.stdout) as { latency: { p50: number; p99: number }; requests: { average: number }; non2xx: number; duration: number };
  return { p50: j.latency.p50, p99: j.latency.p99, rps: j.requests.average, non2xx: j.non2xx, durationS: j.duration };
}

async function coldLoads(base: string, cookie: string, n: number) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const cookies = cookie.split('; ').map((kv) => { const i = kv.indexOf('='); return { name: kv.slice(0, i), value: kv.slice(i + 1), url: base }; });
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  try {
    const overview: number[] = [];
    const stat: number[] = [];
    for (let k = 0; k < n + 1; k++) { // the first of each is a warm-up (server-side compilation caches), not counted
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      await ctx.addCookies(cookies);
      const page = await ctx.newPage();
      await page.goto(`${base}/`);
      await page.waitForFunction(() => performance.getEntriesByName('overview-ready').length > 0, undefined, { timeout: 30_000 });
      const t = await page.evaluate(() => performance.getEntriesByName('overview-ready')[0]!.startTime);
      await ctx.close();
      const sctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const sp = await sctx.newPage();
      await sp.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
      const s = await sp.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd);
      await sctx.close();
      if (k > 0) { overview.push(t); stat.push(s); }
    }
    return { overviewReadyMs: median(overview), staticReadyMs: median(stat) };
  } finally {
    await browser.close();
  }
}

export async function runDashboardBench(isQuick: boolean): Promise<DashboardResult> {
  const server = await provisionTestPostgres();
  const admin = new pg.Client({ connectionString: server.adminUrl });
  await admin.connect();
  const name = `bench_dash_${process.pid}`;
  let web: ChildProcess | undefined;
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(server.template)}`);
    const url = urlWithDb(server.adminUrl, name);
    const { db, close } = createDb(url, { max: 2 });
    let rows: DashboardResult['rows'];
    try {
      const { account } = await ensureBaseData(db, { now: new Date(), capitalAllocationCap: 1 });
      await createUser(db, { id: null, label: 'bench' }, { email: VIEWER.email, role: 'VIEWER', password: VIEWER.password }, new Date());
      rows = await seedYear(url, account.id);
    } finally {
      await close();
    }
    const env: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: url, AUTH_SECRET: randomBytes(32).toString('base64'), SENTINEL_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      TRADING_MODE: 'paper', CAPITAL_ALLOCATION: '1', LOG_LEVEL: 'warn', NEXT_TELEMETRY_DISABLED: '1',
    };
    delete env.PORT;
    ensureBuild(ROOT, path.join(ROOT, '.sentinel'), say, env);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    web = spawn(path.join(ROOT, 'node_modules', '.bin', 'next'), ['start', '-p', String(port), '-H', '127.0.0.1'], { cwd: ROOT, env: { ...env, NODE_ENV: 'production' }, stdio: 'ignore', detached: true });
    for (let i = 0; ; i++) {
      if (i > 300) throw new Error('the dashboard did not start in 60 s');
      try { if ((await fetch(`${base}/login`)).status === 200) break; } catch { /* not up yet */ }
      await new Promise((r) => setTimeout(r, 200));
    }
    const cookie = await logIn(base);
    const seconds = isQuick ? 3 : 20;
    // warm both routes (the server's JIT, compilation caches, connection pool) before measuring:
    // two seconds were not enough, the first measured seconds then ran at half speed
    autocannon(`${base}/api/trpc/overview.get`, cookie, isQuick ? 3 : 5);
    autocannon(`${base}/api/trpc/health.ping`, cookie, isQuick ? 1 : 2);
    const overview = autocannon(`${base}/api/trpc/overview.get`, cookie, seconds);
    const ping = autocannon(`${base}/api/trpc/health.ping`, cookie, seconds);
    const loads = isQuick ? 3 : 5;
    const b5 = await coldLoads(base, cookie, loads);
    return { overview, ping, ...b5, loads, rows };
  } finally {
    if (web?.pid) { try { process.kill(-web.pid, 'SIGTERM'); } catch { /* gone */ } }
    await new Promise((r) => setTimeout(r, 500));
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await server.embedded?.stop();
  }
}

const ms = (x: number) => `${x.toFixed(1)} ms`;

function b4Rows(r: DashboardResult) {
  return [
    { case: `B4 Overview tRPC query, 1 year of paper history (${r.rows.snapshots.toLocaleString('en-US')} snapshots, ${r.rows.positions.toLocaleString('en-US')} positions, ${r.rows.journal.toLocaleString('en-US')} journal rows), autocannon 10 connections ${r.overview.durationS} s: p50 (${Math.round(r.overview.rps)} req/s, ${r.overview.non2xx} non-2xx)`,
      value: ms(r.overview.p50), control: `${ms(r.ping.p50)} (health.ping, ${Math.round(r.ping.rps)} req/s)`, ratio: (r.overview.p50 / Math.max(r.ping.p50, 0.001)).toFixed(2), target: '≤ 10 ms', met: r.overview.p50 <= 10 && r.overview.non2xx === 0 ? 'yes' : 'no' },
    { case: 'B4 Overview tRPC query: p99', value: ms(r.overview.p99), control: `${ms(r.ping.p99)} (health.ping)`, ratio: (r.overview.p99 / Math.max(r.ping.p99, 0.001)).toFixed(2), target: '≤ 50 ms', met: r.overview.p99 <= 50 ? 'yes' : 'no' },
  ];
}

function b5Rows(r: DashboardResult) {
  return [{
    case: `B5 Overview first load in Chromium, production build: time to the overview-ready mark (equity shown), median of ${r.loads} cold loads`,
    value: ms(r.overviewReadyMs), control: `${ms(r.staticReadyMs)} (static /login, DOMContentLoaded)`, ratio: (r.overviewReadyMs / Math.max(r.staticReadyMs, 0.001)).toFixed(2),
    target: '≤ 1,000 ms', met: r.overviewReadyMs <= 1000 ? 'yes' : 'no',
  }];
}

/** B4 and B5 share one setup (database, production server, session), so one case measures both. */
export const dashboardCase: BenchCase<DashboardResult> = {
  id: 'B4', alsoIds: ['B5'], script: new URL(import.meta.url).pathname, rows: (r) => [...b4Rows(r), ...b5Rows(r)],
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await runDashboardBench(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n`
    : `${dashboardCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control}, ratio ${r.ratio}, target ${r.target}, met ${r.met})`).join('\n')}\n`);
  process.exit(0);
}
