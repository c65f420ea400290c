import { z } from 'zod';
import { sweepDetail } from '@/adapters/repo/sweeps';
import { procedure } from '@/server/api/trpc';
import { AppError } from '@/server/errors';
import { sweepDetailSchema } from './research-schemas';

// the stored grid (a validated sweep request): only which parameters each strategy varies is read here
const storedGrid = z.object({ strategies: z.array(z.object({ name: z.string(), params: z.record(z.string(), z.unknown()).default({}) })) });

const STATUS_KEY = { QUEUED: 'queued', RUNNING: 'running', SUCCEEDED: 'succeeded', FAILED: 'failed' } as const;

/** Per strategy, the parameters the sweep's grid lists values for. */
function sweptKeys(grid: unknown): Map<string, Set<string>> {
  const keys = new Map<string, Set<string>>();
  for (const s of storedGrid.safeParse(grid).data?.strategies ?? []) {
    const set = keys.get(s.name) ?? new Set<string>();
    for (const k of Object.keys(s.params)) set.add(k);
    keys.set(s.name, set);
  }
  return keys;
}

/** One sweep: its progress and every run with its metrics summary (null until the run succeeds). */
export const getSweep = procedure
  .input(z.object({ id: z.uuid('id: must be a sweep id') }))
  .output(sweepDetailSchema)
  .query(async ({ ctx, input }) => {
    const d = await sweepDetail(ctx.db, input.id);
    if (!d) throw new AppError('NOT_FOUND', `no sweep ${input.id}`);
    const swept = sweptKeys(d.grid);
    const progress = { queued: 0, running: 0, succeeded: 0, failed: 0 };
    for (const r of d.runs) progress[STATUS_KEY[r.status]] += 1;
    const starts = d.runs.flatMap((r) => (r.startedAt ? [r.startedAt.getTime()] : []));
    return {
      id: d.id, name: d.name, createdAt: d.createdAt, finishedAt: d.finishedAt, totalRuns: d.totalRuns, progress,
      startedAt: starts.length ? new Date(Math.min(...starts)) : null,
      workers: [...new Set(d.runs.flatMap((r) => (r.workerId ? [r.workerId] : [])))].sort(),
      runs: d.runs.map((r) => ({
        id: r.id, status: r.status, strategy: r.strategy, symbols: r.symbols, timeframe: r.timeframe, fromTime: r.fromTime, toTime: r.toTime,
        workerId: r.workerId, durationMs: r.durationMs, error: r.error, metrics: r.metrics, allParams: r.params,
        params: Object.fromEntries(Object.entries(r.params).filter(([k]) => swept.get(r.strategy)?.has(k))),
      })),
    };
  });
