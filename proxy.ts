import type { NextRequest } from 'next/server';
import { serverEnv } from '@/server/env';
import { guardRequest } from '@/server/http/guard';
import { isRequestTapInstalled } from '@/server/http/request-meta';

/**
 * Next 16's request interceptor (formerly middleware), run for every path: static files
 * too, so the allow-list and the headers hold everywhere. The work is in server/http/guard.ts.
 */
export function proxy(req: NextRequest) {
  return guardRequest(req, {
    allowlist: serverEnv().DASHBOARD_IP_ALLOWLIST,
    isDev: process.env.NODE_ENV === 'development',
    isTapInstalled: isRequestTapInstalled(),
  });
}
