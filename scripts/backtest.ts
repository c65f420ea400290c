import 'dotenv/config';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { CandleFileError, loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { createDb } from '@/adapters/db/client';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { runBacktest } from '@/domain/backtest/run-backtest';
import { storedRun } from '@/domain/backtest/stored-run';
import type { BacktestReport } from '@/domain/backtest/types';
import { STRATEGY_NAMES } from '@/domain/strategies/registry';

const USAGE = `usage: npm run backtest -- --data FILE.csv.gz [--data …] [--from ISO] [--to ISO] [--equity 10000]
                            [--strategies ${STRATEGY_NAMES.join(',')}] [--lock-review-hours 168|none] [--out report.json]
Files: gzip or plain CSV with header timestamp_ms,open,high,low,close,volume, any symbol
(named like binance_BTCUSDT_1h.csv.gz). The run is stored in the database when DATABASE_URL is set.
A lock (drawdown > 20%) is reset by a simulated admin after --lock-review-hours of candle time
(default 168); "none" keeps it locked for the rest of the run, as paper and live do.`;

const isoMs = (field: string) => z.string().refine((v) => !Number.isNaN(Date.parse(v)), `--${field} must be an ISO date such as 2024-01-01`).transform((v) => Date.parse(v));
const argsSchema = z.object({
  data: z.array(z.string()).min(1, '--data is required (one or more candle files)'),
  from: isoMs('from').optional(),
  to: isoMs('to').optional(),
  equity: z.coerce.number({ error: '--equity must be a number' }).positive('--equity must be greater than 0').default(10_000),
  strategies: z.string().optional().transform((v) => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : [...STRATEGY_NAMES]))
    .refine((xs) => xs.every((x) => (STRATEGY_NAMES as string[]).includes(x)), { message: `--strategies must be among: ${STRATEGY_NAMES.join(', ')}` }),
  out: z.string().optional(),
  lockReviewHours: z.string().optional().transform((v, ctx) => {
    if (v === undefined) return 168;
    if (v === 'none') return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) { ctx.addIssue({ code: 'custom', message: '--lock-review-hours must be a number of hours ≥ 0, or none' }); return z.NEVER; }
    return n;
  }),
});

const pct = (v: number) => `${v.toFixed(2)}%`;
const f2 = (v: number | null) => (v === null ? '∞' : v.toFixed(2));

function printReport(r: BacktestReport, seconds: number, candles: number) {
  const m = r.metrics;
  const out = process.stdout;
  out.write(`\n| metric | value |\n|---|---|\n`);
  for (const [k, v] of [['trades', String(m.trades)], ['total return', pct(m.totalReturnPct)], ['Sharpe (daily, ×365)', f2(m.sharpe)], ['Sortino', f2(m.sortino)],
    ['max drawdown', pct(m.maxDrawdownPct)], ['win rate', pct(m.winRate * 100)], ['average R', f2(m.avgR)], ['profit factor', f2(m.profitFactor)],
    ['expectancy (per trade)', f2(m.expectancy)], ['exposure time', pct(m.exposureTime * 100)]] as const) out.write(`| ${k} | ${v} |\n`);
  out.write(`\n| strategy | trades | win rate | avg R | expectancy | profit factor | weight |\n|---|---|---|---|---|---|---|\n`);
  for (const [name, s] of Object.entries(r.byStrategy)) out.write(`| ${name} | ${s.trades} | ${pct(s.winRate * 100)} | ${f2(s.avgR)} | ${f2(s.expectancy)} | ${f2(s.profitFactor)} | ${s.weight.toFixed(2)} |\n`);
  const d = r.decisions;
  out.write(`\ndecisions: ${d.approved} approved, ${d.shrunk} shrunk, ${d.rejected} rejected; by rule ${JSON.stringify(d.byRule)}; skipped ${JSON.stringify(d.skipped)}\n`);
  const byEvent: Record<string, number> = {};
  for (const e of r.riskEvents) byEvent[e.event] = (byEvent[e.event] ?? 0) + 1;
  out.write(`risk events: ${r.riskEvents.length ? Object.entries(byEvent).map(([k, v]) => `${k} ${v}`).join(', ') : 'none'}`
    + `${byEvent.MANUAL_RESET ? ' (locks reset by the simulated admin review; paper and live stay locked until an admin resets them)' : ''}\n`);
  out.write(`${candles.toLocaleString('en-US')} candles in ${seconds.toFixed(2)} s\n`);
}

async function main() {
  const { values } = parseArgs({ options: { data: { type: 'string', multiple: true }, from: { type: 'string' }, to: { type: 'string' },
    equity: { type: 'string' }, strategies: { type: 'string' }, out: { type: 'string' }, 'lock-review-hours': { type: 'string' },
    help: { type: 'boolean' } } });
  if (values.help) { process.stdout.write(`${USAGE}\n`); return; }
  const parsed = argsSchema.safeParse({ ...values, lockReviewHours: values['lock-review-hours'], data: values.data ?? [] });
  if (!parsed.success) {
    process.stderr.write(`${parsed.error.issues.map((i) => i.message).join('\n')}\n${USAGE}\n`);
    process.exit(2);
  }
  const a = parsed.data;
  const t0 = performance.now();
  const series = a.data.map((file) => loadCandlesCsv(file, { fromMs: a.from, toMs: a.to }));
  const cfg = defaultBacktestConfig({ equity: a.equity, strategies: a.strategies.map((name) => ({ name, params: {} })), lockReviewHours: a.lockReviewHours });
  const report = runBacktest(series, cfg);
  const seconds = (performance.now() - t0) / 1000;
  printReport(report, seconds, series.reduce((n, s) => n + s.length, 0));
  if (a.out) { fs.writeFileSync(a.out, JSON.stringify(report)); process.stdout.write(`report written to ${a.out}\n`); }
  if (process.env.DATABASE_URL) {
    const { db, close } = createDb(process.env.DATABASE_URL, { max: 1 });
    try {
      const stored = storedRun(report);
      const run = await db.backtestRun.create({ data: {
        status: 'SUCCEEDED', strategy: a.strategies.join(','), symbols: series.map((s) => s.symbol), timeframe: [...new Set(series.map((s) => s.timeframe))].join(','),
        fromTime: new Date(Number(report.params.from ?? 0)), toTime: new Date(Number(report.params.to ?? 0)), params: JSON.parse(JSON.stringify(report.params)),
        metrics: stored.metrics as object, equityCurve: stored.equityCurve, startedAt: new Date(Date.now() - seconds * 1000), finishedAt: new Date(),
      } });
      process.stdout.write(`stored as backtest run ${run.id}\n`);
    } finally {
      await close();
    }
  }
}

main().catch((e) => {
  process.stderr.write(e instanceof CandleFileError ? `${e.message}\n` : `backtest failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
