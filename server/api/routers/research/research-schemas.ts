import { z } from 'zod';

/**
 * The Research page's wire shapes (tRPC outputs), shared by the research procedures.
 * Percentages are in percent (12.5 = 12.5%), as the backtest report writes them; the
 * win rate is a fraction. A profit factor of null means no losing trade (∞).
 */
export const runStatusSchema = z.enum(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']);

export const progressSchema = z.object({
  queued: z.number().int(), running: z.number().int(), succeeded: z.number().int(), failed: z.number().int(),
});

export const sweepSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  createdAt: z.date(),
  createdBy: z.string().nullable(),
  totalRuns: z.number().int(),
  progress: progressSchema,
  /** the first run's start, the sweep's end (null while any run is queued or running) */
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  /** the workers that ran (or are running) its backtests */
  workers: z.array(z.string()),
});

export const runMetricsSchema = z.object({
  trades: z.number(),
  totalReturnPct: z.number(),
  sharpe: z.number(),
  maxDrawdownPct: z.number(),
  profitFactor: z.number().nullable(),
  winRate: z.number(),
});

export const runSchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  strategy: z.string(),
  /** the parameters the sweep varies for this strategy (what tells its runs apart) */
  params: z.record(z.string(), z.unknown()),
  /** every parameter the run used, defaults included, to repeat it exactly */
  allParams: z.record(z.string(), z.unknown()),
  symbols: z.array(z.string()),
  timeframe: z.string(),
  fromTime: z.date(),
  toTime: z.date(),
  workerId: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: z.string().nullable(),
  metrics: runMetricsSchema.nullable(),
});

export const sweepDetailSchema = sweepSummarySchema.omit({ createdBy: true }).extend({ runs: z.array(runSchema) });

export const curveSchema = z.object({
  runId: z.string(),
  points: z.array(z.object({ t: z.number(), equity: z.number() })),
});

export type RunStatus = z.infer<typeof runStatusSchema>;
