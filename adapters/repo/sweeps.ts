import { randomUUID } from 'node:crypto';
import type PgBoss from 'pg-boss';
import type { Db } from '@/adapters/db/client';
import { BACKTEST_QUEUE, bossExecutor } from '@/adapters/queue/boss';
import { appendAudit } from '@/adapters/repo/audit-log';
import type { Result } from '@/domain/machines/result';
import { expandGrid, sweepRequestWith, type AvailableData, type SweepRequest } from '@/domain/research/sweep-grid';
import { backtestJobSchema } from './backtest-runs';

export { listSweeps, runCurves, sweepDetail } from './sweep-reads';

export interface SweepActor { id: string | null; label: string; ip?: string | null }

/** The cancelled runs' error text (the Research page shows it). */
export const CANCELLED = 'cancelled';

/**
 * A sweep, its runs (QUEUED) and one pg-boss job per run, in ONE transaction: pg-boss's
 * insert takes a `db` executor, bound here to the Prisma transaction, so a crash between
 * rows and jobs cannot happen; there is either the whole sweep on the queue or nothing.
 * The run row carries its job's id (jobId), the job carries the run's id.
 */
export async function createSweep(db: Db, boss: PgBoss, raw: unknown, opts: { actor: SweepActor; at: Date; availableData: readonly AvailableData[] })
  : Promise<Result<{ sweepId: string; totalRuns: number }, string>> {
  const parsed = sweepRequestWith(opts.availableData).safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => i.message).join('; ') };
  const req: SweepRequest = parsed.data;
  const specs = expandGrid(req);
  const sweepId = randomUUID();
  const runs = specs.map((s) => ({
    id: randomUUID(), jobId: randomUUID(), sweepId, status: 'QUEUED' as const, strategy: s.strategy, symbols: [s.symbol], timeframe: s.timeframe,
    fromTime: new Date(s.from), toTime: new Date(s.to), params: { ...s.params, equity: s.equity }, createdById: opts.actor.id, createdAt: opts.at,
  }));
  await db.$transaction(async (tx) => {
    await tx.backtestSweep.create({ data: { id: sweepId, name: req.name, grid: req as object, totalRuns: runs.length, createdById: opts.actor.id, createdAt: opts.at } });
    await tx.backtestRun.createMany({ data: runs });
    await boss.insert(runs.map((r) => ({ id: r.jobId, name: BACKTEST_QUEUE, data: backtestJobSchema.parse({ runId: r.id, sweepId }) })), { db: bossExecutor(tx) });
    await appendAudit(tx, { actorId: opts.actor.id, actorLabel: opts.actor.label, ip: opts.actor.ip ?? null, action: 'research.sweep.create',
      targetType: 'BacktestSweep', targetId: sweepId, details: { name: req.name, totalRuns: runs.length, strategies: req.strategies.map((s) => s.name),
        symbols: req.symbols, timeframe: req.timeframe, periods: req.periods } }, opts.at);
  }, { timeout: 30_000 });
  return { ok: true, value: { sweepId, totalRuns: runs.length } };
}

/**
 * Stop a sweep: its queued and running runs become FAILED ('cancelled') and their jobs
 * are cancelled in pg-boss, in one transaction. A run a worker is computing right now
 * finishes in its thread, but its result is dropped: the worker writes only while the
 * run is still RUNNING under its own claim (backtest-runs.ts). The sweep row is locked
 * first, as the workers' finishing transactions do, so finishedAt is set exactly once.
 */
export async function cancelSweep(db: Db, boss: PgBoss, sweepId: string, opts: { actor: SweepActor; at: Date })
  : Promise<Result<{ cancelledRuns: number }, string>> {
  return db.$transaction(async (tx) => {
    const sweep = await tx.$queryRaw<{ id: string; finishedAt: Date | null }[]>`
      SELECT id, "finishedAt" FROM "BacktestSweep" WHERE id = ${sweepId}::uuid FOR UPDATE`;
    if (!sweep[0]) return { ok: false as const, error: 'no such sweep' };
    if (sweep[0].finishedAt) return { ok: false as const, error: 'the sweep has already finished' };
    const open = await tx.backtestRun.findMany({ where: { sweepId, status: { in: ['QUEUED', 'RUNNING'] } }, select: { id: true, jobId: true } });
    await tx.backtestRun.updateMany({ where: { id: { in: open.map((r) => r.id) } }, data: { status: 'FAILED', error: CANCELLED, finishedAt: opts.at } });
    const jobIds = open.flatMap((r) => (r.jobId ? [r.jobId] : []));
    if (jobIds.length) await boss.cancel(BACKTEST_QUEUE, jobIds, { db: bossExecutor(tx) });
    await tx.backtestSweep.update({ where: { id: sweepId }, data: { finishedAt: opts.at } });
    await appendAudit(tx, { actorId: opts.actor.id, actorLabel: opts.actor.label, ip: opts.actor.ip ?? null, action: 'research.sweep.cancel',
      targetType: 'BacktestSweep', targetId: sweepId, details: { cancelledRuns: open.length } }, opts.at);
    return { ok: true as const, value: { cancelledRuns: open.length } };
  });
}
