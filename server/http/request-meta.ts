/**
 * What the request tap (request-tap.ts, installed at server start) learned about a request
 * from its socket, passed on as request headers it overwrites on every request, so nothing
 * a client sends under these names survives. The proxy, route handlers and next-auth read
 * them instead of X-Forwarded-*, which only the tap may interpret (TRUST_PROXY).
 */
export const META_HEADERS = {
  requestId: 'x-sentinel-request-id',
  clientIp: 'x-sentinel-client-ip',
  isTls: 'x-sentinel-tls',
  origin: 'x-sentinel-origin',
} as const;

export interface AccessRecord {
  requestId: string;
  userId?: string;
  userEmail?: string;
}

/** Shared through globalThis: instrumentation, the proxy and the routes are separate bundles in one process. */
const REGISTRY = Symbol.for('sentinel.request-tap');
interface Registry { records: Map<string, AccessRecord> }
type WithRegistry = typeof globalThis & { [REGISTRY]?: Registry };

export function tapRegistry(): Registry | undefined {
  return (globalThis as WithRegistry)[REGISTRY];
}

export function installTapRegistry(): Registry {
  const g = globalThis as WithRegistry;
  return (g[REGISTRY] ??= { records: new Map() });
}

/** The stamped headers can be believed only when the tap that overwrites them runs in this process. */
export function isRequestTapInstalled(): boolean {
  return tapRegistry() !== undefined;
}

interface HeaderSource { get(name: string): string | null }

export function requestClientIp(headers: HeaderSource): string {
  return (isRequestTapInstalled() && headers.get(META_HEADERS.clientIp)) || 'unknown';
}

export function requestIsTls(headers: HeaderSource): boolean {
  return isRequestTapInstalled() && headers.get(META_HEADERS.isTls) === '1';
}

/** Name the signed-in user on the request's access-log line (written once, when the response ends). */
export function noteRequestUser(headers: HeaderSource, user: { id: string; email: string } | null): void {
  if (!user) return;
  const id = headers.get(META_HEADERS.requestId);
  const record = id ? tapRegistry()?.records.get(id) : undefined;
  if (!record) return;
  record.userId = user.id;
  record.userEmail = user.email;
}
