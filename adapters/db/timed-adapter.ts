import type { SqlDriverAdapterFactory, SqlQuery, SqlQueryable } from '@prisma/driver-adapter-utils';

/** Told of every SQL statement's round trip: its duration in microseconds and whether it failed. */
export type StatementObserver = (durationUs: number, isError: boolean) => void;

const TIMED = new Set<PropertyKey>(['queryRaw', 'executeRaw']);

/**
 * The driver adapter with every statement timed, inside transactions too: the time from
 * handing the SQL to pg to its rows (or its error), which is the database round trip the
 * worker waits for, without Prisma's own planning. A Proxy, so every other method and
 * property of the adapter passes through untouched.
 */
function timeStatements<T extends SqlQueryable>(target: T, observe: StatementObserver): T {
  return new Proxy(target, {
    get(t, prop) {
      const v = Reflect.get(t, prop, t) as unknown;
      if (typeof v !== 'function') return v;
      if (TIMED.has(prop)) {
        return async (q: SqlQuery) => {
          const started = performance.now();
          try {
            const out = await (v as (q: SqlQuery) => Promise<unknown>).call(t, q);
            observe((performance.now() - started) * 1000, false);
            return out;
          } catch (e) {
            observe((performance.now() - started) * 1000, true);
            throw e;
          }
        };
      }
      if (prop === 'startTransaction') {
        return async (...args: unknown[]) => timeStatements(await (v as (...a: unknown[]) => Promise<SqlQueryable>).apply(t, args), observe);
      }
      return (v as (...a: unknown[]) => unknown).bind(t);
    },
  });
}

export function timedAdapter<F extends SqlDriverAdapterFactory>(factory: F, observe: StatementObserver): F {
  return new Proxy(factory, {
    get(t, prop) {
      const v = Reflect.get(t, prop, t) as unknown;
      if (prop === 'connect' && typeof v === 'function') return async () => timeStatements(await (v as () => Promise<SqlQueryable>).call(t), observe);
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(t) : v;
    },
  });
}
