/**
 * PostgreSQL unreachable for a moment (a restart, a fail-over, a dropped connection): the
 * errors worth waiting out, as opposed to a bad query or a constraint, which never heal.
 */
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '08000', '08001', '08003', '08004', '08006', '53300']);
const TRANSIENT_PRISMA = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const TRANSIENT_TEXT = /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|Connection terminated|the database system is (shutting down|starting up|in recovery mode)|terminating connection|server closed the connection|Can't reach database server/i;

export function isTransientDbError(e: unknown): boolean {
  if (!e || typeof e !== 'object') return false;
  const code = String((e as { code?: unknown }).code ?? '');
  if (TRANSIENT_SQLSTATES.has(code) || TRANSIENT_PRISMA.has(code)) return true;
  return TRANSIENT_TEXT.test(String((e as { message?: unknown }).message ?? ''));
}

/**
 * Run `fn`, waiting out a database that is briefly unreachable (backoff from 250 ms to 5 s,
 * for up to `forMs`); any other error, or one that lasts longer, is thrown. For the worker's
 * start-up steps: a worker started while PostgreSQL restarts comes up once it is back
 * instead of exiting.
 */
export async function untilDatabaseAnswers<T>(what: string, fn: () => Promise<T>, o: { forMs?: number; onWait?: (what: string, err: string, retryInMs: number) => void; sleep?: (ms: number) => Promise<void>; now?: () => number } = {}): Promise<T> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = o.now ?? Date.now;
  const deadline = now() + (o.forMs ?? 120_000);
  for (let delay = 250; ; delay = Math.min(delay * 2, 5000)) {
    try {
      return await fn();
    } catch (e) {
      if (!isTransientDbError(e) || now() + delay > deadline) throw e;
      o.onWait?.(what, (e as Error).message.split('\n').filter(Boolean).at(-1) ?? String(e), delay);
      await sleep(delay);
    }
  }
}
