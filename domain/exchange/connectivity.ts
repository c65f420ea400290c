/**
 * Exchange connectivity as a small state machine, on the caller's clock:
 *  - up: the last call succeeded;
 *  - degraded: calls are failing, but the last success is recent (retries may still win);
 *  - lost: no successful call for `lostAfterMs`: new entries stop (stops already rest on
 *    the exchange) and a critical alert is raised; the first success after it is announced.
 * Only failures that say the exchange is unreachable count (timeouts, connection errors,
 * 5xx, 429/418); a refused order is an answer, not an outage.
 */
export type ConnectivityStatus = 'up' | 'degraded' | 'lost';

export interface Connectivity {
  status: ConnectivityStatus;
  lastSuccessAt: number | null;
  lastFailureAt: number | null;
  failuresInRow: number;
  lastError: string | null;
  /** when the current status began */
  since: number;
}

export type ConnectivityEvent = 'LOST' | 'RESTORED' | null;

export const initialConnectivity = (now: number): Connectivity => ({ status: 'up', lastSuccessAt: now, lastFailureAt: null, failuresInRow: 0, lastError: null, since: now });

export function onSuccess(s: Connectivity, now: number): { state: Connectivity; event: ConnectivityEvent } {
  const event: ConnectivityEvent = s.status === 'lost' ? 'RESTORED' : null;
  return { state: { status: 'up', lastSuccessAt: now, lastFailureAt: s.lastFailureAt, failuresInRow: 0, lastError: null, since: s.status === 'up' ? s.since : now }, event };
}

/** A failure, or just time passing (`error` null): lost once nothing has succeeded for `lostAfterMs`. */
export function onFailure(s: Connectivity, now: number, error: string | null, lostAfterMs: number): { state: Connectivity; event: ConnectivityEvent } {
  const silentFor = now - (s.lastSuccessAt ?? -Infinity);
  const isFailure = error !== null;
  if (!isFailure && s.status === 'up' && silentFor <= lostAfterMs) return { state: s, event: null };
  const status: ConnectivityStatus = silentFor > lostAfterMs ? 'lost' : isFailure ? 'degraded' : s.status;
  const state: Connectivity = {
    status, lastSuccessAt: s.lastSuccessAt, lastFailureAt: isFailure ? now : s.lastFailureAt, failuresInRow: s.failuresInRow + (isFailure ? 1 : 0),
    lastError: error ?? s.lastError, since: status === s.status ? s.since : now,
  };
  return { state, event: status === 'lost' && s.status !== 'lost' ? 'LOST' : null };
}

/** New entries only while the exchange answers; exits and stops are never held back by this. */
export const canEnter = (s: Connectivity) => s.status !== 'lost';
