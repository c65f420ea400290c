import { z } from 'zod';

const CONNECTIVITY_STATES = ['UP', 'DEGRADED', 'LOST'] as const;

/**
 * The worker writes LiveSync on every live pass (LIVE_POLL_INTERVAL_MS, at most 60 s); a
 * row this old says more about the worker than about the exchange.
 */
export const LIVE_REPORT_STALE_AFTER_MS = 120_000;

/** LiveSync.lastReconcile as worker/live/live-runner.ts writes it (lists capped at 50 there). */
const reconcileReport = z.object({
  updated: z.array(z.object({ clientOrderId: z.string(), from: z.string(), to: z.string() })).default([]),
  rejectedNeverSeen: z.array(z.string()).default([]),
  adopted: z.array(z.string()).default([]),
  foreign: z.array(z.object({ symbol: z.string(), id: z.string(), clientOrderId: z.string().nullable() })).default([]),
  unprotectedPositions: z.array(z.string()).default([]),
  errors: z.array(z.string()).default([]),
  isOk: z.boolean().optional(),
});
type ReconcileReport = z.infer<typeof reconcileReport>;

export const exchangeView = z.object({
  serverTime: z.date(),
  exchangeUrl: z.string(),
  connectivity: z.enum(CONNECTIVITY_STATES),
  connectivitySince: z.date(),
  lastSuccessAt: z.date().nullable(),
  lastError: z.string().nullable(),
  /** when the worker last wrote the row */
  reportedAt: z.date(),
  isReportStale: z.boolean(),
  /** the last pass that left nothing unsettled: no unknown order, every position protected */
  lastCleanPassAt: z.date().nullable(),
  reconcile: z.object({
    at: z.date(),
    /** CLEAN: nothing to correct; DISCREPANCIES: something corrected or reported; INCOMPLETE: some exchange calls failed (retried); UNKNOWN: unreadable report */
    outcome: z.enum(['CLEAN', 'DISCREPANCIES', 'INCOMPLETE', 'UNKNOWN']),
    discrepancies: z.number(),
    report: reconcileReport.nullable(),
  }).nullable(),
});
type ExchangeView = z.infer<typeof exchangeView>;

export interface LiveSyncRow {
  exchangeUrl: string; connectivity: string; connectivitySince: Date; lastSuccessAt: Date | null; lastError: string | null;
  lastReconcileAt: Date | null; lastReconcile: unknown; lastCleanPassAt: Date | null; updatedAt: Date;
}

function countDiscrepancies(r: ReconcileReport): number {
  return r.updated.length + r.rejectedNeverSeen.length + r.adopted.length + r.foreign.length + r.unprotectedPositions.length;
}

/** A live account's exchange state as the dashboard shows it (the Overview's stat and the Exchange page). */
export function toExchangeView(row: LiveSyncRow, now: Date): ExchangeView {
  const parsed = reconcileReport.safeParse(row.lastReconcile);
  const report = parsed.success ? parsed.data : null;
  const isIncomplete = report !== null && (report.isOk === false || report.errors.length > 0);
  const discrepancies = report ? countDiscrepancies(report) : 0;
  return {
    serverTime: now,
    exchangeUrl: row.exchangeUrl,
    // written from the connectivity machine's own states (domain/exchange/connectivity.ts): anything else is a bug
    connectivity: z.enum(CONNECTIVITY_STATES).parse(row.connectivity),
    connectivitySince: row.connectivitySince,
    lastSuccessAt: row.lastSuccessAt,
    lastError: row.lastError,
    reportedAt: row.updatedAt,
    isReportStale: now.getTime() - row.updatedAt.getTime() > LIVE_REPORT_STALE_AFTER_MS,
    lastCleanPassAt: row.lastCleanPassAt,
    reconcile: row.lastReconcileAt && {
      at: row.lastReconcileAt,
      outcome: !report ? 'UNKNOWN' : isIncomplete ? 'INCOMPLETE' : discrepancies > 0 ? 'DISCREPANCIES' : 'CLEAN',
      discrepancies,
      report,
    },
  };
}
