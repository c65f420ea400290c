import type { RouterOutputs } from '@/components/providers/types';
import { fmtAgo } from '@/components/ui/format';

export type ExchangeView = NonNullable<RouterOutputs['exchange']['get']>;
type Reconcile = ExchangeView['reconcile'];

export const CONNECTIVITY_TONE = { UP: 'ok', DEGRADED: 'warn', LOST: 'bad' } as const;

/** What each state means for trading (domain/exchange/connectivity.ts, worker/live/exchange-health.ts). */
export const CONNECTIVITY_MEANING = {
  UP: 'The exchange answers: entries, stops and exits go through.',
  DEGRADED: 'Calls are failing, but the last success is recent: the worker retries with backoff and entries continue.',
  LOST: 'No successful call for the loss window: new entries are paused. The stops resting on the exchange keep open positions protected.',
} as const;

export const RECONCILE_TONE = { CLEAN: 'ok', DISCREPANCIES: 'warn', INCOMPLETE: 'bad', UNKNOWN: 'muted' } as const;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** clean · 3 discrepancies · incomplete: 1 error · report unreadable */
export function reconcileOutcomeText(r: NonNullable<Reconcile>): string {
  if (r.outcome === 'CLEAN') return 'clean';
  if (r.outcome === 'DISCREPANCIES') return plural(r.discrepancies, 'discrepancy', 'discrepancies');
  if (r.outcome === 'INCOMPLETE') return `incomplete: ${plural(r.report?.errors.length ?? 0, 'error')}`;
  return 'report unreadable';
}

export function reconcileLine(r: Reconcile, now: Date): string {
  return r ? `reconciled ${fmtAgo(r.at, now)} · ${reconcileOutcomeText(r)}` : 'not reconciled yet';
}
