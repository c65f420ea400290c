/** A worker is stale when it has missed several beats; the dashboard shows its last beat. */
export const WORKER_STALE_AFTER_MS = 10_000;

export type WorkerLiveness = 'alive' | 'stale' | 'stopped';

export function workerLiveness(w: { lastBeatAt: Date; isStopping: boolean }, now: Date, staleAfterMs = WORKER_STALE_AFTER_MS): WorkerLiveness {
  if (w.isStopping) return 'stopped';
  return now.getTime() - w.lastBeatAt.getTime() <= staleAfterMs ? 'alive' : 'stale';
}
