import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCandlesCsv } from '@/adapters/market-data/load-candles-csv';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import { createLogger } from '@/adapters/logging/logger';
import { defaultBacktestConfig } from '@/domain/backtest/default-config';
import { runBacktest } from '@/domain/backtest/run-backtest';
import type { BacktestConfig } from '@/domain/backtest/types';
import { processPendingCommands } from '@/worker/control/process-commands';
import { PaperRunner, type PaperOptions } from '@/worker/paper/paper-runner';
import type { ReplayFeed } from '@/worker/paper/replay-feed';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HOUR = 3_600_000;
const FROM = Date.parse('2024-01-01T00:00:00Z');
const TO = Date.parse('2024-03-01T00:00:00Z');
const FILES = ['data/binance_BTCUSDT_1h.csv.gz', 'data/binance_ETHUSDT_1h.csv.gz', 'data/binance_SOLUSDT_1h.csv.gz'].map((f) => path.join(ROOT, f));
// fast parameters so two months of hourly candles give trades of both kinds
const CFG: BacktestConfig = defaultBacktestConfig({
  equity: 500, lockReviewHours: null,
  strategies: [
    { name: 'ema_cross', params: { fast: 10, slow: 30, atrStop: 2, rewardRisk: 2 } },
    { name: 'donchian_breakout', params: { entryPeriod: 24, exitPeriod: 12, atrStop: 2, rewardRisk: 2 } },
  ],
});

const feed = (): ReplayFeed => ({ files: FILES, series: FILES.map((f) => loadCandlesCsv(f, { fromMs: FROM, toMs: TO })), timeframeMs: HOUR });
const log = createLogger('test', 'silent');

/** A fake wall clock: each tick advances it by `hours` of candles at speed 3600 (one candle hour per wall second). */
const walls = new WeakMap<PaperRunner, number>();
async function replay(t: TestDb, o: PaperOptions, ticks: number, runner?: PaperRunner) {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const r = runner ?? await PaperRunner.open(t.db, o, new Date(start));
  let wall = walls.get(r) ?? start;
  for (let i = 0; i < ticks && !r.isDone; i++) {
    wall += 100_000; // 100 s of wall time = 100 candle hours
    await r.tick(new Date(wall));
  }
  walls.set(r, wall);
  return r;
}

async function snapshot(t: TestDb, accountId: string) {
  const positions = await t.db.position.findMany({ where: { accountId }, orderBy: [{ openedAt: 'asc' }, { symbol: 'asc' }, { strategy: 'asc' }] });
  const orders = await t.db.order.findMany({ where: { accountId } });
  const replayRow = await t.db.paperReplay.findUniqueOrThrow({ where: { accountId } });
  const snapshots = await t.db.equitySnapshot.count({ where: { accountId } });
  const distinctSnapshots = await t.db.equitySnapshot.groupBy({ by: ['at'], where: { accountId } });
  return {
    trades: positions.filter((p) => p.status === 'CLOSED').map((p) => ({
      symbol: p.symbol, strategy: p.strategy, entryTime: p.openedAt.getTime(), exitTime: p.closedAt!.getTime(), exitReason: p.exitReason,
      pnl: Number(p.realizedPnl!.toFixed(6)),
    })),
    open: positions.filter((p) => p.status !== 'CLOSED'),
    orders, cash: Number(replayRow.cash.toFixed(6)), cursor: replayRow.cursorTime?.getTime(), snapshots, distinctSnapshots: distinctSnapshots.length,
  };
}

describe('paper mode: the pipeline over replayed candles, state in PostgreSQL', () => {
  let once: TestDb;
  let restarted: TestDb;
  let ids: { once: string; restarted: string };

  beforeAll(async () => {
    [once, restarted] = await Promise.all([createTestDb('paper_once'), createTestDb('paper_restart')]);
    const now = new Date('2026-01-01T00:00:00Z');
    ids = {
      once: (await ensureBaseData(once.db, { now, capitalAllocationCap: 1 })).account.id,
      restarted: (await ensureBaseData(restarted.db, { now, capitalAllocationCap: 1 })).account.id,
    };
  }, 60_000);
  afterAll(async () => { await Promise.all([once?.drop(), restarted?.drop()]); });

  const options = (accountId: string): PaperOptions => ({
    accountId, exchange: 'binance', feed: feed(), speed: 3600, start: new Date(FROM - 1), cfg: CFG, workerLabel: 'worker:test', maxStepsPerTick: 500,
  });

  it('a worker restarted in the middle ends exactly where an uninterrupted one does, with nothing duplicated, and trades as the backtest does', async () => {
    const a = await replay(once, options(ids.once), 1000);
    expect(a.isDone).toBe(true);

    // the restarted worker: run a third, drop everything in memory (a crash after a commit), open again from the rows, finish
    const first = await replay(restarted, options(ids.restarted), 5);
    expect(first.isDone).toBe(false);
    const mid = await snapshot(restarted, ids.restarted);
    expect(mid.trades.length + mid.open.length).toBeGreaterThan(0);
    const b = await replay(restarted, options(ids.restarted), 1000);
    expect(b.isDone).toBe(true);

    const sa = await snapshot(once, ids.once);
    const sb = await snapshot(restarted, ids.restarted);
    expect(sa.trades.length).toBeGreaterThanOrEqual(10);
    expect(sb.trades).toEqual(sa.trades);
    expect(sb.cash).toBe(sa.cash);
    expect(sb.cursor).toBe(sa.cursor);
    // one equity snapshot per candle time, none written twice
    expect(sb.snapshots).toBe(sb.distinctSnapshots);
    expect(sb.snapshots).toBe(sa.snapshots);
    expect(sb.orders.length).toBe(sa.orders.length);

    // every open position has its stop resting; every closed one has no order left open
    for (const s of [sa, sb]) {
      for (const p of s.open) expect(s.orders.some((o) => o.positionId === p.id && o.purpose === 'STOP' && o.status === 'OPEN')).toBe(true);
      const closedIds = new Set(s.trades.length ? (await (s === sa ? once : restarted).db.position.findMany({ where: { status: 'CLOSED' }, select: { id: true } })).map((p) => p.id) : []);
      expect(s.orders.filter((o) => o.positionId && closedIds.has(o.positionId) && ['OPEN', 'SUBMITTED'].includes(o.status))).toEqual([]);
    }

    // one pipeline: the backtest over the same candles makes the same trades
    const bt = runBacktest(feed().series, CFG);
    const closedInBacktest = bt.trades.filter((x) => x.exitReason !== 'END').map((x) => ({
      symbol: x.symbol, strategy: x.strategy, entryTime: x.entryTime, exitTime: x.exitTime, exitReason: x.exitReason, pnl: Number(x.pnl.toFixed(6)),
    }));
    const byTime = (x: { entryTime: number; symbol: string; strategy: string }, y: typeof x) => x.entryTime - y.entryTime || x.symbol.localeCompare(y.symbol) || x.strategy.localeCompare(y.strategy);
    expect([...sa.trades].sort(byTime)).toEqual(closedInBacktest.sort(byTime));
    expect(sa.open.length).toBe(bt.trades.filter((x) => x.exitReason === 'END').length);
  }, 180_000);

  it('journals every decision, and the risk state and equity follow the replay', async () => {
    const decisions = await once.db.journalEntry.groupBy({ by: ['outcome'], where: { accountId: ids.once, kind: 'DECISION' }, _count: true });
    const n = Object.fromEntries(decisions.map((d) => [String(d.outcome), d._count]));
    expect(n.APPROVED! + (n.SHRUNK ?? 0)).toBeGreaterThan(0);
    const fills = await once.db.fill.count({ where: { accountId: ids.once } });
    expect(fills).toBeGreaterThan(0);
    const rs = await once.db.riskState.findUniqueOrThrow({ where: { accountId: ids.once } });
    const last = await once.db.equitySnapshot.findFirstOrThrow({ where: { accountId: ids.once }, orderBy: { at: 'desc' } });
    expect(rs.equity.toFixed(6)).toBe(last.equity.toFixed(6));
    expect(rs.dayStartedAt.getTime()).toBeLessThan(TO + HOUR);
    const stats = await once.db.strategyStat.findMany({ where: { accountId: ids.once } });
    expect(stats.reduce((s, x) => s + x.trades, 0)).toBe((await snapshot(once, ids.once)).trades.length);
  });

  it('safe mode with close-all, sent through the control channel, closes positions at the next open and stops entries', async () => {
    const t = await createTestDb('paper_safe');
    try {
      const accountId = (await ensureBaseData(t.db, { now: new Date('2026-01-01T00:00:00Z'), capitalAllocationCap: 1 })).account.id;
      const o = options(accountId);
      let r = await replay(t, o, 1);
      for (let i = 0; i < 20 && r.state.positions.length === 0; i++) r = await replay(t, o, 1, r);
      expect(r.state.positions.length).toBeGreaterThan(0);
      const openIds = r.state.positions.map((p) => p.id);
      await t.db.controlCommand.create({ data: { accountId, type: 'SET_SAFE_MODE', payload: { isOn: true, isCloseAll: true, reason: 'test: close everything' } } });
      expect(await processPendingCommands(t.db, log, 'test-worker', () => new Date())).toBe(1);
      r = await replay(t, o, 2, r);
      const closed = await t.db.position.findMany({ where: { id: { in: openIds } } });
      expect(closed.every((p) => p.status === 'CLOSED' && p.exitReason === 'SAFE_MODE')).toBe(true);
      const cursor = (await t.db.paperReplay.findUniqueOrThrow({ where: { accountId } })).cursorTime!;
      const after = await t.db.journalEntry.findMany({ where: { accountId, kind: 'DECISION', at: { gt: cursor }, outcome: { in: ['APPROVED', 'SHRUNK'] } } });
      expect(after).toEqual([]);
      const refused = await t.db.journalEntry.count({ where: { accountId, kind: 'DECISION', rule: 'safe_mode' } });
      expect(refused).toBeGreaterThan(0);
      expect(await t.db.position.count({ where: { accountId, status: { not: 'CLOSED' } } })).toBe(0);
    } finally {
      await t.drop();
    }
  }, 120_000);

  it('an operator closes one position from the dashboard: one command however often they click, the worker closes it at the next open, audited, its stop cancelled', async () => {
    const t = await createTestDb('paper_close');
    try {
      const accountId = (await ensureBaseData(t.db, { now: new Date('2026-01-01T00:00:00Z'), capitalAllocationCap: 1 })).account.id;
      const users = await seedUsers(t.db);
      const o = options(accountId);
      let r = await replay(t, o, 1);
      for (let i = 0; i < 20 && r.state.positions.length === 0; i++) r = await replay(t, o, 1, r);
      const target = r.state.positions[0]!;
      const others = r.state.positions.slice(1).map((p) => p.id);
      // the candles the pipeline saw are stored for the chart
      const chart = await callerAs(t.db, users.VIEWER).positions.chart({ positionId: target.id });
      expect(chart.candles.length).toBeGreaterThan(100);
      expect(chart.markers[0]).toMatchObject({ kind: 'entry', time: Math.floor(target.entryTime / 1000) });

      await expect(callerAs(t.db, users.VIEWER).positions.close({ positionId: target.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const operator = callerAs(t.db, users.OPERATOR);
      // a double click: both requests at once, one command
      const [a, b] = await Promise.all([operator.positions.close({ positionId: target.id, reason: 'test: manual close' }), operator.positions.close({ positionId: target.id })]);
      expect(a.commandId).toBe(b.commandId);
      expect([a.isDuplicate, b.isDuplicate].sort()).toEqual([false, true]);
      expect(await t.db.controlCommand.count({ where: { type: 'CLOSE_POSITION' } })).toBe(1);
      expect((await operator.positions.list()).open.find((p) => p.id === target.id)?.closeRequested).toBe(true);

      expect(await processPendingCommands(t.db, log, 'test-worker', () => new Date())).toBe(1);
      expect((await t.db.position.findUniqueOrThrow({ where: { id: target.id } })).status).toBe('CLOSING');
      // after the worker took it, a repeat returns the same command rather than queueing a second
      expect((await operator.positions.close({ positionId: target.id })).commandId).toBe(a.commandId);
      r = await replay(t, o, 1, r);
      const closed = await t.db.position.findUniqueOrThrow({ where: { id: target.id }, include: { orders: true } });
      expect(closed).toMatchObject({ status: 'CLOSED', exitReason: 'MANUAL' });
      expect(closed.orders.find((x) => x.purpose === 'EXIT')?.status).toBe('FILLED');
      expect(closed.orders.find((x) => x.purpose === 'STOP')?.status).toBe('CANCELED');
      // the other positions were not touched by this close
      for (const id of others) {
        const p = await t.db.position.findUniqueOrThrow({ where: { id } });
        expect(p.exitReason === 'MANUAL').toBe(false);
      }
      const audit = await t.db.auditLog.findMany({ where: { action: { in: ['position.close.requested', 'control.close-position.applied'] } }, orderBy: { seq: 'asc' } });
      expect(audit.map((x) => x.action)).toEqual(['position.close.requested', 'control.close-position.applied']);
      expect(audit[0]!.actorLabel).toBe(users.OPERATOR.email);
      await expect(operator.positions.close({ positionId: target.id })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
      const list = await operator.positions.list({ closedLimit: 1 });
      expect(list.closed.rows).toHaveLength(1);
      const next = await operator.positions.list({ closedLimit: 1, cursor: list.closed.nextCursor });
      expect(next.closed.rows[0]?.id).not.toBe(list.closed.rows[0]!.id);
    } finally {
      await t.drop();
    }
  }, 120_000);

  it('the Overview (one SQL statement) shows what the rows say: open positions with their stops, the newest trades and decisions, exposure at the marks', async () => {
    const users = await seedUsers(once.db);
    const o = await callerAs(once.db, users.VIEWER).overview.get();
    const open = await once.db.position.findMany({ where: { accountId: ids.once, status: { in: ['OPEN', 'CLOSING'] } }, include: { orders: true } });
    expect(o.positions.map((p) => p.id).sort()).toEqual(open.map((p) => p.id).sort());
    for (const p of o.positions) {
      const row = open.find((x) => x.id === p.id)!;
      expect(p.quantity).toBe(row.quantity.toString());
      expect(p.stopOrderOpen).toBe(row.orders.some((x) => x.purpose === 'STOP' && x.status === 'OPEN'));
    }
    const closed = await once.db.position.findMany({ where: { accountId: ids.once, status: 'CLOSED' }, orderBy: [{ closedAt: 'desc' }, { id: 'desc' }], take: 8 });
    expect(o.recentTrades.map((t) => t.id)).toEqual(closed.map((t) => t.id));
    expect(o.recentTrades[0]!.realizedPnl).toBe(closed[0]!.realizedPnl!.toFixed(2));
    expect(o.recentTrades[0]!.closedAt).toEqual(closed[0]!.closedAt);
    const decisions = await once.db.journalEntry.findMany({ where: { accountId: ids.once, kind: 'DECISION' }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: 6 });
    expect(o.lastDecisions.map((d) => d.id)).toEqual(decisions.map((d) => d.id.toString()));
    expect(o.lastDecisions[0]!.at).toEqual(decisions[0]!.at);
    const rs = await once.db.riskState.findUniqueOrThrow({ where: { accountId: ids.once } });
    expect(o.risk.equity).toBe(rs.equity.toFixed(2));
    expect(o.replay?.cursorTime).toEqual((await once.db.paperReplay.findUniqueOrThrow({ where: { accountId: ids.once } })).cursorTime);
    expect(o.exposure.total).toBeCloseTo(o.exposure.byAsset.reduce((a, b) => a + b.fraction, 0), 12);
    expect(o.exposure.limits).toMatchObject({ asset: 0.3, total: 0.5, dailyLoss: 0.05 });
  });

  it('an account with paper and exchange positions: positions.list and the Overview say which venue each position, trade and order is on', async () => {
    const u = await once.db.user.findFirstOrThrow({ where: { role: 'VIEWER' } }); // seeded by the Overview test above
    const viewer = callerAs(once.db, { id: u.id, email: u.email, name: u.name, role: u.role });
    const accountId = ids.once;
    // a live position after the paper replay, as the live runner writes it: its stop resting on the exchange
    const at = new Date(TO + 10 * HOUR);
    const base = { accountId, symbol: 'BTC/USDT', strategy: 'ema_cross', quantity: '0.001', entryPrice: '50000', stopPrice: '49000', initialRisk: '1', venue: 'EXCHANGE' as const };
    const live = await once.db.position.create({ data: { ...base, openedAt: at } });
    await once.db.order.create({ data: {
      accountId, clientOrderId: 'snt-venue-test-sl', symbol: 'BTC/USDT', side: 'SELL', type: 'STOP_LOSS_LIMIT', purpose: 'STOP', status: 'OPEN',
      quantity: '0.001', price: '48900', stopPrice: '49000', positionId: live.id, venue: 'EXCHANGE',
    } });
    const liveClosed = await once.db.position.create({ data: {
      ...base, status: 'CLOSED', openedAt: at, closedAt: new Date(at.getTime() + HOUR), exitPrice: '51000', exitReason: 'TARGET', realizedPnl: '1', rMultiple: '1',
    } });

    const isLive = (r: { id: string }) => r.id === live.id || r.id === liveClosed.id;
    // every other row is the replay's: paper, and there are some of each kind to tell apart
    const venues = (rows: { id: string; venue: string }[]) => rows.map((r) => `${isLive(r) ? 'live' : 'replay'}:${r.venue}`);

    const list = await viewer.positions.list({ closedLimit: 200 });
    expect(new Set(venues(list.open))).toEqual(new Set(['live:EXCHANGE', ...(list.open.length > 1 ? ['replay:PAPER'] : [])]));
    expect(list.open.find(isLive)?.stopOrderOpen).toBe(true);
    expect(list.closed.rows[0]?.id).toBe(liveClosed.id); // the newest trade
    expect(new Set(venues(list.closed.rows))).toEqual(new Set(['live:EXCHANGE', 'replay:PAPER']));
    expect(new Set(list.orders.map((x) => `${x.positionId === live.id ? 'live' : 'replay'}:${x.venue}`)))
      .toEqual(new Set(['live:EXCHANGE', ...(list.orders.length > 1 ? ['replay:PAPER'] : [])]));

    const o = await viewer.overview.get();
    expect(new Set(venues(o.positions))).toEqual(new Set(venues(list.open)));
    expect(o.recentTrades[0]?.id).toBe(liveClosed.id);
    expect(new Set(venues(o.recentTrades))).toEqual(new Set(['live:EXCHANGE', 'replay:PAPER']));
  });
});
