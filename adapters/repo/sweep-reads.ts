import { z } from 'zod';
import type { DbOrTx } from '@/adapters/db/client';
import { downsampleCurve } from '@/domain/research/downsample-curve';

/** Overlaid curves on the Research page: a few hundred points each is all a chart can show. */
export const CURVE_MAX_POINTS = 500;
export const MAX_CURVES = 20;

type RunStatus = 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
export interface SweepProgress { queued: number; running: number; succeeded: number; failed: number }

// the metrics JSON column as the research worker and scripts/backtest.ts write it
const storedMetrics = z.object({
  trades: z.number(), totalReturnPct: z.number(), sharpe: z.number(), sortino: z.number(), maxDrawdownPct: z.number(),
  winRate: z.number(), profitFactor: z.number().nullable(),
});
const storedCurve = z.array(z.object({ t: z.number(), equity: z.number() }));

export type RunMetricsSummary = z.infer<typeof storedMetrics>;

const progressKey: Record<RunStatus, keyof SweepProgress> = { QUEUED: 'queued', RUNNING: 'running', SUCCEEDED: 'succeeded', FAILED: 'failed' };

/** The newest sweeps with their progress (runs per status), first start, the workers that ran them. */
export async function listSweeps(db: DbOrTx, opts: { limit: number }) {
  const sweeps = await db.backtestSweep.findMany({ orderBy: { createdAt: 'desc' }, take: Math.min(Math.max(1, opts.limit), 200) });
  if (!sweeps.length) return [];
  const ids = sweeps.map((s) => s.id);
  const [counts, starts, workers, users] = await Promise.all([
    db.backtestRun.groupBy({ by: ['sweepId', 'status'], where: { sweepId: { in: ids } }, _count: { _all: true } }),
    db.backtestRun.groupBy({ by: ['sweepId'], where: { sweepId: { in: ids } }, _min: { startedAt: true } }),
    db.backtestRun.groupBy({ by: ['sweepId', 'workerId'], where: { sweepId: { in: ids }, workerId: { not: null } } }),
    db.user.findMany({ where: { id: { in: sweeps.flatMap((s) => (s.createdById ? [s.createdById] : [])) } }, select: { id: true, email: true } }),
  ]);
  return sweeps.map((s) => {
    const progress: SweepProgress = { queued: 0, running: 0, succeeded: 0, failed: 0 };
    for (const c of counts) if (c.sweepId === s.id) progress[progressKey[c.status]] = c._count._all;
    return {
      id: s.id, name: s.name, createdAt: s.createdAt, createdBy: users.find((u) => u.id === s.createdById)?.email ?? null,
      totalRuns: s.totalRuns, progress, startedAt: starts.find((x) => x.sweepId === s.id)?._min.startedAt ?? null, finishedAt: s.finishedAt,
      workers: workers.filter((w) => w.sweepId === s.id).map((w) => w.workerId!).sort(),
    };
  });
}

/** One sweep, its grid, and every run with its metrics summary (null until it succeeds). */
export async function sweepDetail(db: DbOrTx, sweepId: string) {
  const sweep = await db.backtestSweep.findUnique({ where: { id: sweepId } });
  if (!sweep) return null;
  const runs = await db.backtestRun.findMany({
    where: { sweepId }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: { id: true, status: true, strategy: true, params: true, symbols: true, timeframe: true, fromTime: true, toTime: true, workerId: true,
      jobId: true, durationMs: true, error: true, metrics: true, startedAt: true, finishedAt: true },
  });
  return {
    id: sweep.id, name: sweep.name, grid: sweep.grid, totalRuns: sweep.totalRuns, createdAt: sweep.createdAt, finishedAt: sweep.finishedAt,
    runs: runs.map(({ metrics, params, ...r }) => ({
      ...r, params: (params ?? {}) as Record<string, unknown>,
      metrics: metrics === null ? null : metricsSummary(metrics),
    })),
  };
}

/** A stored metrics object read back; a row written by an older version that lacks a field shows no metrics rather than wrong ones. */
function metricsSummary(raw: unknown): RunMetricsSummary | null {
  const parsed = storedMetrics.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** Equity curves of up to MAX_CURVES runs, each at most CURVE_MAX_POINTS points, in the order asked. */
export async function runCurves(db: DbOrTx, runIds: readonly string[]) {
  const ids = [...new Set(runIds)].slice(0, MAX_CURVES);
  const rows = await db.backtestRun.findMany({ where: { id: { in: ids } }, select: { id: true, equityCurve: true } });
  return ids.flatMap((id) => {
    const row = rows.find((r) => r.id === id);
    const curve = storedCurve.safeParse(row?.equityCurve ?? []);
    return row ? [{ runId: id, points: downsampleCurve(curve.success ? curve.data : [], CURVE_MAX_POINTS) }] : [];
  });
}
