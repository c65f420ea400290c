/**
 * Fencing (docs/scaling.md). A worker trades an account only under its lease; every order
 * row carries the lease's epoch, and PostgreSQL refuses an order, or a send attempt, from an
 * epoch that is no longer the account's current one (trigger "Order_fence"). Before a request
 * leaves for the exchange the worker also checks, on its own monotonic clock, that the lease
 * cannot have lapsed: a worker that was paused past its lease sends nothing when it wakes.
 */
export interface Fence {
  /** the lease epoch the account is held under: written on every order row */
  readonly epoch: number;
  /** throws LeaseLostError unless the lease is certainly still held */
  assertHeld(): void;
}

export class LeaseLostError extends Error {
  constructor(readonly resource: string, readonly epoch: number, why: string) {
    super(`lease ${resource} (epoch ${epoch}) lost: ${why}; this worker no longer trades it`);
    this.name = 'LeaseLostError';
  }
}

/** The trigger's refusal (SQLSTATE SNF01), however the driver wraps it. */
export function isFencingRefusal(e: unknown): boolean {
  for (let x: unknown = e, depth = 0; x && depth < 5; depth++) {
    const err = x as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown };
    if (err.code === 'SNF01' || (typeof err.message === 'string' && err.message.includes('order refused by fencing'))) return true;
    x = err.cause ?? (err.meta as { driverAdapterError?: unknown } | undefined)?.driverAdapterError;
  }
  return false;
}

/** Lease lost, or refused by the database's fence: either way this worker must stop trading the account. */
export const isFenced = (e: unknown) => e instanceof LeaseLostError || isFencingRefusal(e);
