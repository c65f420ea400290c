import type PgBoss from 'pg-boss';
import { TRPCError } from '@trpc/server';
import { getErrorShape } from '@trpc/server/unstable-core-do-not-import';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBoss } from '@/adapters/queue/boss';
import { ensureBaseData } from '@/adapters/repo/bootstrap';
import type { Role } from '@/generated/prisma/enums';
import { appRouter } from '@/server/api/root';
import type { SessionUser } from '@/server/auth/current-user';
import { createTestDb, type TestDb } from '../support/test-db';
import { callerAs, seedUsers } from '../support/callers';

// the router's pg-boss producer, started on this file's own database instead of DATABASE_URL's
const queue = vi.hoisted(() => ({ boss: undefined as PgBoss | undefined }));
vi.mock('@/server/queue', () => ({ backtestProducer: async () => queue.boss }));

/** The message a browser gets for a refused call (the app's error formatter, as the HTTP adapter runs it). */
async function refusal(call: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await call;
  } catch (e) {
    if (!(e instanceof TRPCError)) throw e;
    const shape = getErrorShape({ config: appRouter._def._config, error: e, type: 'mutation', path: 'research.create', input: undefined, ctx: undefined });
    return { code: e.code, message: (shape as { message: string }).message };
  }
  throw new Error('the call succeeded');
}

const SMALL = {
  name: 'EMA fast periods', timeframe: '1h', equity: 5000,
  strategies: [{ name: 'ema_cross', params: { fast: [50, 100] } }, { name: 'donchian_breakout', params: {} }],
  symbols: ['BTCUSDT', 'ETHUSDT'], periods: [{ from: '2024-01-01', to: '2024-03-01' }],
};

describe('research router', () => {
  let t: TestDb;
  let users: Record<Role, SessionUser>;
  const counts = async () => ({
    sweeps: await t.db.backtestSweep.count(), runs: await t.db.backtestRun.count(),
    jobs: Number((await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pgboss.job`)[0]!.n),
    audit: await t.db.auditLog.count({ where: { action: { startsWith: 'research.' } } }),
  });

  beforeAll(async () => {
    t = await createTestDb('research_router');
    await ensureBaseData(t.db, { now: new Date(), capitalAllocationCap: 1 });
    users = await seedUsers(t.db);
    queue.boss = await startBoss({ databaseUrl: t.url, mode: 'producer', onError: () => undefined });
  });
  afterAll(async () => {
    await queue.boss?.stop({ graceful: false, wait: true });
    await t?.drop();
  });

  it('options: every strategy with its parameters and defaults, the symbols per timeframe from data/', async () => {
    const o = await callerAs(t.db, users.VIEWER).research.options();
    expect(o.strategies.map((s) => s.name)).toEqual(['ema_cross', 'donchian_breakout', 'rsi_reversion']);
    expect(o.strategies[0]!.params).toContainEqual({ name: 'fast', defaultValue: 100 });
    expect(o.timeframes).toEqual(['1h', '5m']);
    expect(o.symbols.find((s) => s.symbol === 'BTCUSDT')?.timeframes).toEqual(['1h', '5m']);
    expect(o.symbols.find((s) => s.symbol === 'XTZUSDT')?.timeframes).toEqual(['1h']);
    expect(o.maxRuns).toBeGreaterThan(0);
  });

  it('create refuses a bad grid naming the field, and writes nothing', async () => {
    const op = callerAs(t.db, users.OPERATOR);
    const before = await counts();
    const cases: [unknown, RegExp][] = [
      [{ ...SMALL, name: ' ' }, /name/],
      [{ ...SMALL, strategies: [{ name: 'martingale', params: {} }] }, /strategies\.0\.name/],
      [{ ...SMALL, strategies: [{ name: 'ema_cross', params: { fast: [500], slow: [400] } }] }, /strategies\.0\.params\.fast.*fast must be shorter than slow/],
      [{ ...SMALL, strategies: [{ name: 'ema_cross', params: { speed: [1] } }] }, /speed/],
      [{ ...SMALL, symbols: [] }, /symbols/],
      [{ ...SMALL, timeframe: '4h' }, /timeframe/],
      [{ ...SMALL, periods: [{ from: '2024-03-01', to: '2024-01-01' }] }, /periods\.0\.to/],
      [{ ...SMALL, equity: -1 }, /equity/],
      // valid in shape, but no 5m candle file for XTZUSDT: refused after the schema, still naming the field
      [{ ...SMALL, timeframe: '5m', symbols: ['XTZUSDT'] }, /symbols: no 5m candles for XTZUSDT/],
    ];
    for (const [input, pattern] of cases) {
      const r = await refusal(op.research.create(input as never));
      expect(r.code, JSON.stringify(input)).toBe('BAD_REQUEST');
      expect(r.message).toMatch(pattern);
    }
    expect(await counts()).toEqual(before);
  });

  it('a viewer cannot create or cancel a sweep even with a valid input, and nothing is written', async () => {
    const before = await counts();
    const viewer = callerAs(t.db, users.VIEWER);
    await expect(viewer.research.create(SMALL as never)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(viewer.research.cancel({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
  });

  it('an operator queues a sweep: runs, one job each and the audit row; list and detail show it queued', async () => {
    const op = callerAs(t.db, users.OPERATOR);
    const before = await counts();
    const created = await op.research.create(SMALL as never);
    expect(created.totalRuns).toBe(6); // (2 ema_cross + 1 donchian) × 2 symbols × 1 period
    expect(await counts()).toEqual({ sweeps: before.sweeps + 1, runs: before.runs + 6, jobs: before.jobs + 6, audit: before.audit + 1 });

    const list = await callerAs(t.db, users.VIEWER).research.sweeps();
    const row = list.find((s) => s.id === created.sweepId)!;
    expect(row).toMatchObject({ name: 'EMA fast periods', totalRuns: 6, createdBy: users.OPERATOR.email, startedAt: null, finishedAt: null, workers: [] });
    expect(row.progress).toEqual({ queued: 6, running: 0, succeeded: 0, failed: 0 });

    const d = await callerAs(t.db, users.VIEWER).research.sweep({ id: created.sweepId });
    expect(d.runs).toHaveLength(6);
    expect(d.progress.queued).toBe(6);
    // the label shows what the grid varies; the full parameters (defaults, equity) stay on the run
    expect(d.runs.filter((r) => r.strategy === 'ema_cross').map((r) => r.params.fast).sort()).toEqual([100, 100, 50, 50]);
    expect(d.runs.find((r) => r.strategy === 'donchian_breakout')!.params).toEqual({});
    expect(d.runs[0]!.allParams).toMatchObject({ equity: 5000 });
    expect(d.runs.every((r) => r.status === 'QUEUED' && r.metrics === null && r.timeframe === '1h')).toBe(true);
  });

  it('detail and curves read finished runs: metrics per run, progress, workers, downsampled curves, at most 8 compared', async () => {
    const op = callerAs(t.db, users.OPERATOR);
    const { sweepId } = await op.research.create({ ...SMALL, name: 'finished', strategies: [{ name: 'ema_cross', params: { fast: [50, 100] } }], symbols: ['BTCUSDT'] } as never);
    const runs = await t.db.backtestRun.findMany({ where: { sweepId }, orderBy: { id: 'asc' } });
    const curve = Array.from({ length: 3000 }, (_, i) => ({ t: Date.parse('2024-01-01') + i * 3_600_000, equity: 5000 + i }));
    const at = new Date();
    await t.db.backtestRun.update({ where: { id: runs[0]!.id }, data: { status: 'SUCCEEDED', workerId: 'w-a', startedAt: at, finishedAt: at, durationMs: 1200, equityCurve: curve,
      metrics: { trades: 12, totalReturnPct: 4.5, sharpe: 1.3, sortino: 1.8, maxDrawdownPct: 3.2, winRate: 0.5, profitFactor: null } } });
    await t.db.backtestRun.update({ where: { id: runs[1]!.id }, data: { status: 'FAILED', workerId: 'w-b', startedAt: at, finishedAt: at, error: 'no candles in the period' } });
    await t.db.backtestSweep.update({ where: { id: sweepId }, data: { finishedAt: at } });

    const d = await callerAs(t.db, users.VIEWER).research.sweep({ id: sweepId });
    expect(d.progress).toEqual({ queued: 0, running: 0, succeeded: 1, failed: 1 });
    expect(d.workers).toEqual(['w-a', 'w-b']);
    expect(d.finishedAt).toEqual(at);
    expect(d.runs.find((r) => r.id === runs[0]!.id)!.metrics).toEqual({ trades: 12, totalReturnPct: 4.5, sharpe: 1.3, maxDrawdownPct: 3.2, winRate: 0.5, profitFactor: null });
    expect(d.runs.find((r) => r.id === runs[1]!.id)).toMatchObject({ metrics: null, error: 'no candles in the period' });

    const curves = await callerAs(t.db, users.VIEWER).research.curves({ runIds: [runs[0]!.id, runs[1]!.id] });
    expect(curves[0]!.points.length).toBeLessThanOrEqual(500);
    expect(curves[0]!.points.at(-1)).toEqual(curve.at(-1));
    expect(curves[1]).toEqual({ runId: runs[1]!.id, points: [] });
    const nine = Array.from({ length: 9 }, () => runs[0]!.id);
    expect((await refusal(callerAs(t.db, users.VIEWER).research.curves({ runIds: nine }))).message).toMatch(/runIds/);
    await expect(callerAs(t.db, users.VIEWER).research.sweep({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('cancel: the open runs fail as cancelled and their jobs leave the queue; a finished or unknown sweep is refused', async () => {
    const op = callerAs(t.db, users.OPERATOR);
    const { sweepId, totalRuns } = await op.research.create({ ...SMALL, name: 'to cancel' } as never);
    expect(await op.research.cancel({ id: sweepId })).toEqual({ cancelledRuns: totalRuns });
    const d = await op.research.sweep({ id: sweepId });
    expect(d.runs.every((r) => r.status === 'FAILED' && r.error === 'cancelled')).toBe(true);
    expect(d.finishedAt).not.toBeNull();
    const jobs = await t.db.$queryRaw<{ state: string }[]>`
      SELECT j.state::text AS state FROM pgboss.job j JOIN "BacktestRun" r ON r."jobId" = j.id::text WHERE r."sweepId" = ${sweepId}::uuid`;
    expect(jobs.map((j) => j.state)).toEqual(Array(totalRuns).fill('cancelled'));
    await expect(op.research.cancel({ id: sweepId })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(op.research.cancel({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await t.db.auditLog.count({ where: { action: 'research.sweep.cancel', targetId: sweepId } })).toBe(1);
  });
});
