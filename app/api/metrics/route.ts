import { db } from '@/server/db';
import { serverEnv } from '@/server/env';
import { isMetricsTokenValid, renderMetrics } from '@/server/services/metrics/metrics';

export const dynamic = 'force-dynamic';

/**
 * Prometheus scrape endpoint (docs/alerts.md, "Metrics"): off unless METRICS_TOKEN is set,
 * then only for `Authorization: Bearer <METRICS_TOKEN>`.
 */
export async function GET(req: Request) {
  const token = serverEnv().METRICS_TOKEN;
  if (!token) return new Response('metrics are off: set METRICS_TOKEN to enable /api/metrics\n', { status: 404 });
  if (!isMetricsTokenValid(req.headers.get('authorization'), token)) {
    return new Response('missing or wrong bearer token\n', { status: 401, headers: { 'www-authenticate': 'Bearer realm="sentinel-metrics"' } });
  }
  const m = await renderMetrics(db(), new Date());
  return new Response(m.body, { headers: { 'content-type': m.contentType, 'cache-control': 'no-store' } });
}
