import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '@/adapters/db/client';
import { createLogger } from '@/adapters/logging/logger';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { journalDecision } from '@/adapters/repo/journal';
import type { Role } from '@/generated/prisma/enums';
import { createCaller } from '@/server/api/root';
import type { SessionUser } from '@/server/auth/current-user';
import { validateIntent } from '@/domain/risk/validate-intent';
import { DEFAULT_LIMITS } from '@/domain/risk/limits';
import type { AccountRiskState, EntryIntent } from '@/domain/risk/types';
import { dailyReportPass, type DailyReportOptions } from '@/worker/ops/daily-report';
import { createTestDb, type TestDb } from '../support/test-db';
import { seedUsers } from '../support/callers';

// the dashboard reads the same schedule as the worker below
process.env.OPS_TIME_ZONE = 'Europe/Zurich';
process.env.DAILY_SUMMARY_HOUR = '8';

const ZRH = 'Europe/Zurich';
const H = 3_600_000;
const log = createLogger('test', 'silent');
/** 29 March 2026, the spring-forward day in Zurich: 23 hours, 2026-03-28T23:00Z to 2026-03-29T22:00Z. */
const DAY_START = Date.parse('2026-03-28T23:00:00Z');
const DAY_END = Date.parse('2026-03-29T22:00:00Z');
/** 30 March, 09:30 CEST: after the 08:00 summary hour. */
const AFTER_HOUR = new Date('2026-03-30T07:30:00Z');
const at = (ms: number) => new Date(ms);
const opts = (now: Date): DailyReportOptions => ({ timeZone: ZRH, summaryHour: 8, now: () => now });

const state = (over: Partial<AccountRiskState> = {}): AccountRiskState => ({
  equity: 10_000, peakEquity: 10_000, dayStartEquity: 10_000, tradingState: 'ACTIVE', isSafeMode: false, positions: [], pendingEntries: [], lastTradeByStrategy: {}, ...over,
});
const intent = (over: Partial<EntryIntent> = {}): EntryIntent => ({
  kind: 'ENTRY', strategy: 'ema_cross', symbol: 'BTC/USDT', asset: 'BTC', side: 'LONG', entryPrice: 100, stopPrice: 95, targetPrice: 110, quantity: 1, leverage: 1, ...over,
});
const market = { qtyStep: 0.0001, minQty: 0.0001, minNotional: 1, feeRate: 0 };

/** A decision through the real validator, journaled as the pipeline does. */
async function decide(t: TestDb, accountId: string, when: number, i: EntryIntent, s: AccountRiskState) {
  const decision = validateIntent({ intent: i, state: s, market, limits: DEFAULT_LIMITS });
  await t.db.$transaction((tx) => journalDecision(tx, { accountId, at: at(when), intent: i, decision }));
  return decision.outcome;
}

/** A day of trading: decisions (approved near limits, rejected, shrunk), one trade opened and closed, fills, equity, one violation. */
async function seedDay(t: TestDb, accountId: string, base: number) {
  const eth = { id: 'eth', symbol: 'ETH/USDT', asset: 'ETH', side: 'LONG' as const, strategy: 'x', quantity: 45, entryPrice: 100, markPrice: 100, stopPrice: 95 };
  expect(await decide(t, accountId, base + 1 * H, intent(), state({ positions: [eth] }))).toBe('APPROVED'); // total exposure 46% of 50%
  expect(await decide(t, accountId, base + 2 * H, intent({ targetPrice: 108 }), state())).toBe('APPROVED'); // reward:risk 1.6 against 1.5
  expect(await decide(t, accountId, base + 3 * H, intent(), state({ equity: 9_400 }))).toBe('REJECTED'); // daily loss 6%
  expect(await decide(t, accountId, base + 4 * H, intent({ quantity: 40 }), state())).toBe('SHRUNK'); // risk per trade
  expect(await decide(t, accountId, base + 5 * H, intent(), state())).toBe('APPROVED'); // well inside every limit
  await decide(t, accountId, base - 2 * H, intent(), state({ equity: 9_000 })); // the day before: not counted
  await t.db.equitySnapshot.createMany({ data: [[-H, 10_000], [6 * H, 10_060], [12 * H, 9_900], [22 * H, 10_120]].map(([dt, equity]) => (
    { accountId, at: at(base + dt!), equity: equity!, cash: equity!, exposure: 0, realizedPnl: 0, unrealizedPnl: 0, drawdownFraction: 0 })) });
  const position = await t.db.position.create({ data: { accountId, symbol: 'BTC/USDT', strategy: 'ema_cross', quantity: 1, entryPrice: 100, stopPrice: 95, initialRisk: 5,
    openedAt: at(base + 2 * H), status: 'CLOSED', closedAt: at(base + 8 * H), exitPrice: 110, exitReason: 'TARGET', realizedPnl: 9.8, fees: 0.2, rMultiple: 1.96 } });
  const order = await t.db.order.create({ data: { accountId, clientOrderId: `c-${base}`, symbol: 'BTC/USDT', side: 'BUY', type: 'MARKET', purpose: 'ENTRY', status: 'FILLED', quantity: 1, positionId: position.id } });
  await t.db.fill.createMany({ data: [
    { accountId, orderId: order.id, exchangeTradeId: `f1-${base}`, symbol: 'BTC/USDT', side: 'BUY', quantity: 1, price: 100, fee: 0.1, feeCurrency: 'USDT', filledAt: at(base + 2 * H) },
    { accountId, orderId: order.id, exchangeTradeId: `f2-${base}`, symbol: 'BTC/USDT', side: 'SELL', quantity: 1, price: 110, fee: 0.1, feeCurrency: 'USDT', filledAt: at(base + 8 * H) },
  ] });
  await t.db.riskViolation.create({ data: { accountId, rule: 'stop.missing', message: 'open position without a stop', evidence: {}, observedAt: at(base + 9 * H) } });
}

describe('daily summary, compliance report and operations tasks (PostgreSQL)', () => {
  let t: TestDb;
  let accountId: string;
  let users: Record<Role, SessionUser>;
  const caller = (role: Role | null, now: Date) => createCaller({ db: t.db, user: role ? users[role] : null, ip: '127.0.0.1', now: () => now });

  beforeAll(async () => {
    t = await createTestDb('daily_report');
    accountId = (await ensureBaseData(t.db, { now: new Date('2026-03-01T00:00:00Z'), capitalAllocationCap: 1 })).account.id;
    await t.db.tradingAccount.update({ where: { id: accountId }, data: { name: 'live', kind: 'EXCHANGE' } });
    users = await seedUsers(t.db);
    await seedDay(t, accountId, DAY_START);
  });
  afterAll(async () => { await t.drop(); });

  it('before the summary hour nothing is written', async () => {
    const r = await dailyReportPass(t.db, log, opts(new Date('2026-03-30T05:59:00Z')));
    expect(r.reports).toEqual([{ accountId, outcome: { status: 'not_due' } }]);
    expect(await t.db.dailyReport.count()).toBe(0);
  });

  it('after it: one report of the previous full day, with the right counts, its alert and both task runs, in one go', async () => {
    const r = await dailyReportPass(t.db, log, opts(AFTER_HOUR));
    expect(r.reports[0]!.outcome).toMatchObject({ status: 'written', day: '2026-03-29' });
    const report = await t.db.dailyReport.findFirstOrThrow({ where: { accountId } });
    expect(report).toMatchObject({ day: '2026-03-29', timeZone: ZRH, periodStart: at(DAY_START), periodEnd: at(DAY_END), generatedAt: AFTER_HOUR });
    expect(report.performance).toMatchObject({ equityStart: 10_000, equityEnd: 10_120, pnl: 120, pnlPct: 0.012, tradesOpened: 1, tradesClosed: 1, wins: 1, losses: 0,
      winRate: 1, avgR: 1.96, profitFactor: null, fees: 0.2, clock: 'wall' });
    expect((report.performance as { maxIntradayDrawdown: number }).maxIntradayDrawdown).toBeCloseTo(160 / 10_060, 12);
    const c = report.compliance as { decisions: object; rules: { rule: string; rejections: number; shrinks: number; nearMisses: number }[]; nearMissesTotal: number; violations: { total: number }; isCompliant: boolean };
    expect(c.decisions).toEqual({ total: 5, approved: 3, shrunk: 1, rejected: 1, skipped: 0 });
    const active = c.rules.filter((x) => x.rejections + x.shrinks + x.nearMisses > 0).map((x) => [x.rule, x.rejections, x.shrinks, x.nearMisses]);
    expect(active).toEqual([['daily_loss', 1, 0, 0], ['reward_risk', 0, 0, 1], ['risk_per_trade', 0, 1, 0], ['exposure.total', 0, 0, 1]]);
    expect([c.nearMissesTotal, c.violations.total, c.isCompliant]).toEqual([2, 1, false]);

    const alert = await t.db.alert.findFirstOrThrow({ where: { code: 'DAILY_SUMMARY', accountId } });
    expect(alert).toMatchObject({ severity: 'INFO', status: 'RESOLVED', openDedupKey: null, dedupKey: `${accountId}:DAILY_SUMMARY:2026-03-29` });
    expect(alert.message).toBe('Daily summary — live 2026-03-29: P&L +120.00 USDT (+1.20%), 1 trade closed (1 won); 1 rejection, 1 shrink, 2 near-misses, 1 violation');
    const runs = await t.db.opsTaskRun.findMany({ orderBy: { taskKey: 'asc' } });
    expect(runs.map((x) => [x.taskKey, x.periodStart.toISOString(), x.isAutomatic, x.actorLabel])).toEqual([
      ['daily.risk-compliance', '2026-03-29T22:00:00.000Z', true, 'system'], ['daily.summary', '2026-03-29T22:00:00.000Z', true, 'system'],
    ]);
    expect(runs[0]!.evidence).toEqual({ reports: [{ reportId: report.id, accountId, account: 'live', day: '2026-03-29', summary: alert.message.replace('Daily summary — ', '') }] });
  });

  it('once per day: a second pass, and two workers passing at the same instant, write nothing more', async () => {
    const later = new Date('2026-03-30T15:00:00Z');
    expect((await dailyReportPass(t.db, log, opts(later))).reports[0]!.outcome).toEqual({ status: 'exists' });
    const other = createDb(t.url, { max: 3 });
    try {
      const both = await Promise.all([dailyReportPass(t.db, log, opts(later)), dailyReportPass(other.db, log, opts(later))]);
      expect(both.map((b) => b.reports[0]!.outcome.status)).toEqual(['exists', 'exists']);
      // the next day: two workers race for the one report of 30 March
      await seedDay(t, accountId, DAY_END);
      const next = new Date('2026-03-31T06:05:00Z');
      const race = await Promise.all([dailyReportPass(t.db, log, opts(next)), dailyReportPass(other.db, log, opts(next))]);
      expect(race.map((b) => b.reports[0]!.outcome.status).sort()).toEqual(['exists', 'written']);
    } finally {
      await other.close();
    }
    expect((await t.db.dailyReport.findMany({ orderBy: { day: 'asc' } })).map((r) => r.day)).toEqual(['2026-03-29', '2026-03-30']);
    expect(await t.db.alert.count({ where: { code: 'DAILY_SUMMARY' } })).toBe(2);
    expect(await t.db.opsTaskRun.count({ where: { taskKey: 'daily.summary' } })).toBe(2);
  });

  it('a paper replay is reported by its own candle dates, once per wall day; a second account joins the same task run', async () => {
    const replayId = (await t.db.tradingAccount.create({ data: { name: 'replay', kind: 'PAPER', accountEquity: 10_000 } })).id;
    // a paper account whose runner has not started has no clock yet (it may be a replay): nothing is written for it
    const early = await dailyReportPass(t.db, log, opts(new Date('2026-03-31T08:00:00Z')));
    expect(early.reports.find((x) => x.accountId === replayId)!.outcome).toEqual({ status: 'no_clock' });
    await t.db.paperReplay.create({ data: { accountId: replayId, cash: 10_000, feed: { files: ['x.csv.gz'], start: '2025-01-01T00:00:00Z', prices: 'replay' }, cursorTime: new Date('2025-02-10T05:00:00Z') } });
    await seedDay(t, replayId, Date.parse('2025-02-08T23:00:00Z'));
    const now = new Date('2026-03-31T09:00:00Z');
    const r = await dailyReportPass(t.db, log, opts(now));
    expect(r.reports.find((x) => x.accountId === replayId)!.outcome).toMatchObject({ status: 'written', day: '2025-02-09' });
    const report = await t.db.dailyReport.findFirstOrThrow({ where: { accountId: replayId } });
    expect(report.performance).toMatchObject({ pnl: 120, tradesClosed: 1, clock: 'candle' });
    // the candle clock moves on many days per wall day: still one report today
    await t.db.paperReplay.update({ where: { accountId: replayId }, data: { cursorTime: new Date('2025-03-20T00:00:00Z') } });
    expect((await dailyReportPass(t.db, log, opts(new Date('2026-03-31T12:00:00Z')))).reports.find((x) => x.accountId === replayId)!.outcome).toEqual({ status: 'exists' });
    const run = await t.db.opsTaskRun.findFirstOrThrow({ where: { taskKey: 'daily.summary', periodStart: new Date('2026-03-30T22:00:00Z') } });
    expect((run.evidence as { reports: { account: string }[] }).reports.map((x) => x.account)).toEqual(['live', 'replay']);
  });

  it('an overdue task raises one warning per period, which ticking it resolves; viewers and automatic tasks are refused', async () => {
    // operations began on 1 March: every period since counts
    await t.db.tradingAccount.update({ where: { id: accountId }, data: { createdAt: new Date('2026-03-01T00:00:00Z') } });
    const now = new Date('2026-03-31T10:00:00Z');
    const raised = (await dailyReportPass(t.db, log, opts(now))).overdueRaised;
    // yesterday's manual daily tasks were never ticked, nor last week's, nor February's (before operations began: not counted)
    expect(raised.map((k) => k.split(':')[2])).toEqual(['daily.performance-review', 'daily.log-review', 'daily.market-watch', 'weekly.strategy-review', 'weekly.backups', 'weekly.risk-review']);
    const key = raised.find((k) => k.includes('daily.log-review'))!;
    expect(await t.db.alert.findFirstOrThrow({ where: { dedupKey: key } })).toMatchObject({ severity: 'WARNING', code: 'OPS_TASK_OVERDUE', status: 'OPEN',
      message: 'Operations task overdue: Check logs (daily) — nobody ticked it for the previous day (2026-03-30) and it is not done for 2026-03-31 yet' });
    // a second pass raises nothing new
    expect((await dailyReportPass(t.db, log, opts(now))).overdueRaised).toEqual([]);

    await expect(caller('VIEWER', now).ops.tick({ key: 'daily.log-review', note: 'looked at the logs' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(caller('OPERATOR', now).ops.tick({ key: 'daily.summary', note: 'done by hand' }))
      .rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'Daily summary is automatic: the worker writes it at the daily summary hour; it cannot be ticked by hand' });
    await expect(caller('OPERATOR', now).ops.tick({ key: 'daily.log-review', note: 'ok' })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('note: say what you checked') });
    expect(await t.db.opsTaskRun.count({ where: { taskKey: 'daily.log-review' } })).toBe(0);

    expect(await caller('OPERATOR', now).ops.tick({ key: 'daily.log-review', note: '  worker and web logs: no errors  ' })).toEqual({ changed: true, period: '2026-03-31' });
    expect(await caller('ADMIN', now).ops.tick({ key: 'daily.log-review', note: 'checked again' })).toEqual({ changed: false, period: '2026-03-31' });
    expect(await t.db.alert.findFirstOrThrow({ where: { dedupKey: key } })).toMatchObject({ status: 'RESOLVED', openDedupKey: null });
    const audit = await t.db.auditLog.findFirstOrThrow({ where: { action: 'ops.task.done' } });
    expect(audit).toMatchObject({ actorLabel: users.OPERATOR.email, targetType: 'OpsTaskRun', details: { key: 'daily.log-review', period: '2026-03-31', note: 'worker and web logs: no errors' } });

    const board = await caller('VIEWER', now).ops.list();
    const logs = board.tasks.find((x) => x.key === 'daily.log-review')!;
    expect(logs).toMatchObject({ state: 'done', run: { actor: users.OPERATOR.email, note: 'worker and web logs: no errors', isAutomatic: false, periodLabel: '2026-03-31' } });
    expect(board.tasks.find((x) => x.key === 'daily.market-watch')).toMatchObject({ state: 'overdue', overdueText: expect.stringContaining('previous day (2026-03-30)') });
    const summary = board.tasks.find((x) => x.key === 'daily.summary')!;
    expect(summary).toMatchObject({ state: 'done', run: { actor: 'system', isAutomatic: true } });
    expect(summary.run!.evidence).toHaveLength(2);
    expect(summary.run!.reportIds).toHaveLength(2);

    // the next pass keeps the ticked task resolved and does not raise it again
    expect((await dailyReportPass(t.db, log, opts(new Date('2026-03-31T11:00:00Z')))).overdueRaised).toEqual([]);
    expect(await t.db.alert.count({ where: { code: 'OPS_TASK_OVERDUE', status: 'OPEN', dedupKey: { contains: 'daily.log-review' } } })).toBe(0);

    // acknowledged: not raised again for the same period
    const strategy = await t.db.alert.findFirstOrThrow({ where: { code: 'OPS_TASK_OVERDUE', status: 'OPEN', dedupKey: { contains: 'weekly.strategy-review' } } });
    await caller('OPERATOR', now).alerts.acknowledge({ alertId: strategy.id });
    expect((await dailyReportPass(t.db, log, opts(new Date('2026-03-31T12:00:00Z')))).overdueRaised).toEqual([]);
    // the next day a task still not done is a new alert, and the previous day's is resolved: one open per task
    const tomorrow = (await dailyReportPass(t.db, log, opts(new Date('2026-04-01T10:00:00Z')))).overdueRaised;
    expect(tomorrow.map((k) => k.split(':')[2])).toEqual(['daily.performance-review', 'daily.market-watch']);
    const open = await t.db.alert.findMany({ where: { code: 'OPS_TASK_OVERDUE', status: 'OPEN', dedupKey: { contains: 'daily.market-watch' } } });
    expect(open.map((a) => a.dedupKey)).toEqual([tomorrow[1]]);
  });

  it('reports.list and reports.get give the reports newest first, in full', async () => {
    const v = caller('VIEWER', new Date());
    const list = await v.reports.list();
    expect(list.reports.map((r) => `${r.accountName} ${r.day}`)).toEqual(['live 2026-03-31', 'replay 2025-03-19', 'replay 2025-02-09', 'live 2026-03-30', 'live 2026-03-29']);
    expect(list.reports[4]).toMatchObject({ pnl: 120, rejections: 1, shrinks: 1, nearMisses: 2, violations: 1, tradesClosed: 1 });
    expect((await v.reports.list({ accountId, limit: 2 })).reports.map((r) => r.day)).toEqual(['2026-03-31', '2026-03-30']);
    const full = await v.reports.get({ id: (await t.db.dailyReport.findFirstOrThrow({ where: { day: '2026-03-29' } })).id });
    expect(full).toMatchObject({ accountName: 'live', day: '2026-03-29', performance: { pnl: 120 }, compliance: { nearMissesTotal: 2 } });
    expect(full.compliance.nearMisses.map((n) => n.rule)).toEqual(['reward_risk', 'exposure.total']);
    await expect(v.reports.get({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
