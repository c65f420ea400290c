export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };
export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

export interface InvalidTransition<S extends string, E extends string> {
  kind: 'INVALID_TRANSITION';
  from: S;
  event: E;
  message: string;
}

/** The one way to move a state machine: look the (state, event) pair up in its table. */
export function transitionIn<S extends string, E extends string>(
  name: string, table: Record<S, Partial<Record<E, S>>>, from: S, event: E,
): Result<S, InvalidTransition<S, E>> {
  // own properties only: an unchecked string such as 'toString' must not find Object.prototype
  const row = Object.hasOwn(table, from) ? table[from] : undefined;
  const to = row && Object.hasOwn(row, event) ? row[event] : undefined;
  return to === undefined
    ? err({ kind: 'INVALID_TRANSITION', from, event, message: `${name}: ${event} is not allowed in state ${from}` })
    : ok(to);
}
