import { randomUUID } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { parseIp } from '@/domain/http/cidr';
import { redactQuery } from '@/domain/http/redact-query';
import { logger } from '@/server/logger';
import { installTapRegistry, isRequestTapInstalled, META_HEADERS, type AccessRecord } from './request-meta';

/**
 * The one place that looks at a request's socket (docs/security.md, "Web hardening"). Node
 * publishes every incoming HTTP request on the `http.server.request.start` diagnostics channel
 * before Next sees it; here we
 *   - decide the client address, TLS and the dashboard origin (believing X-Forwarded-* only
 *     with TRUST_PROXY=true, and dropping them otherwise so Next and next-auth cannot be fooled),
 *   - stamp the decisions into headers (request-meta.ts) for the proxy and the routes,
 *   - write the access log: one line per request when its response closes, with the status,
 *     the duration and the user a route named with noteRequestUser.
 * Headers are never logged wholesale: no cookies, no Authorization, no bodies.
 */
const FORWARDED_HEADERS = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port', 'x-real-ip', 'forwarded'];
const accessLog = logger.child({ component: 'access' });

export interface AccessEntry {
  requestId: string; method?: string; path: string; status: number; durationMs: number; isCompleted: boolean;
  userId?: string; userEmail?: string; ip: string; userAgent?: string;
}

export interface TapOptions {
  isProxyTrusted: boolean;
  /** where the access log goes; pino's access child unless a test listens */
  writeAccess?: (entry: AccessEntry) => void;
}

const writeToLog = (entry: AccessEntry) => accessLog.info(entry, 'request');

/** The last value of a header a proxy appends to (`a, b, c` -> `c`): the one our own proxy wrote. */
function rightMost(value: string | string[] | undefined): string | undefined {
  const joined = Array.isArray(value) ? value.join(',') : value;
  const last = joined?.split(',').at(-1)?.trim();
  return last || undefined;
}

/** `::ffff:10.0.0.1` (a dual-stack socket's IPv4 client) reads better as `10.0.0.1`. */
export function displayIp(address: string): string {
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return m ? m[1]! : address;
}

export interface RequestFacts { clientIp: string; isTls: boolean; origin: string }

export function requestFacts(headers: IncomingMessage['headers'], socket: Pick<Socket, 'remoteAddress'> & { encrypted?: boolean }, opts: TapOptions): RequestFacts {
  const socketIp = displayIp(socket.remoteAddress ?? 'unknown');
  const forwardedIp = opts.isProxyTrusted ? rightMost(headers['x-forwarded-for']) : undefined;
  const clientIp = forwardedIp && parseIp(forwardedIp) ? displayIp(forwardedIp) : socketIp;
  const isTls = socket.encrypted === true || (opts.isProxyTrusted && rightMost(headers['x-forwarded-proto'])?.toLowerCase() === 'https');
  const host = (opts.isProxyTrusted ? rightMost(headers['x-forwarded-host']) : undefined) ?? headers.host ?? 'unknown';
  return { clientIp, isTls, origin: `${isTls ? 'https' : 'http'}://${host}` };
}

function onRequestStart(req: IncomingMessage, res: ServerResponse, opts: TapOptions, records: Map<string, AccessRecord>) {
  const startedAt = process.hrtime.bigint();
  const facts = requestFacts(req.headers, req.socket as Socket & { encrypted?: boolean }, opts);
  if (!opts.isProxyTrusted) for (const h of FORWARDED_HEADERS) delete req.headers[h];
  const record: AccessRecord = { requestId: randomUUID() };
  req.headers[META_HEADERS.requestId] = record.requestId;
  req.headers[META_HEADERS.clientIp] = facts.clientIp;
  req.headers[META_HEADERS.isTls] = facts.isTls ? '1' : '0';
  req.headers[META_HEADERS.origin] = facts.origin;
  records.set(record.requestId, record);
  // 'close' fires for a finished response and for a client that went away alike
  res.once('close', () => {
    records.delete(record.requestId);
    (opts.writeAccess ?? writeToLog)({
      requestId: record.requestId,
      method: req.method,
      path: redactQuery(req.url ?? ''),
      status: res.statusCode,
      durationMs: Number((process.hrtime.bigint() - startedAt) / 1000n) / 1000,
      isCompleted: res.writableFinished,
      userId: record.userId,
      userEmail: record.userEmail,
      ip: facts.clientIp,
      userAgent: req.headers['user-agent']?.slice(0, 300),
    });
  });
}

/** Install once per process (instrumentation.ts); a second call is a no-op. */
export function installRequestTap(opts: TapOptions): void {
  if (isRequestTapInstalled()) return;
  const { records } = installTapRegistry();
  subscribe('http.server.request.start', (message) => {
    const { request, response } = message as { request: IncomingMessage; response: ServerResponse };
    // a client's own copies never survive, even if the stamping below fails
    for (const h of Object.values(META_HEADERS)) delete request.headers[h];
    try {
      onRequestStart(request, response, opts, records);
    } catch (err) {
      // a throw here would crash the server (Node rethrows subscriber errors); the proxy fails closed without the stamps
      logger.error({ component: 'request-tap', err }, 'request tap failed: request goes on without its facts');
    }
  });
}
