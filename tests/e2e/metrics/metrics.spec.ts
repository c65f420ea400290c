import { expect, test } from '@playwright/test';
import { E2E_METRICS_TOKEN } from '../support/e2e-env';

/** /api/metrics on the production build: Prometheus text for the bearer token, nothing without it. */
test('the metrics endpoint answers a scraper with the token and refuses everyone else', async ({ request }) => {
  expect((await request.get('/api/metrics')).status()).toBe(401);
  expect((await request.get('/api/metrics', { headers: { authorization: 'Bearer wrong-token-wrong-token-wrong' } })).status()).toBe(401);
  const res = await request.get('/api/metrics', { headers: { authorization: `Bearer ${E2E_METRICS_TOKEN}` } });
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/^text\/plain/);
  const body = await res.text();
  expect(body).toMatch(/^sentinel_equity\{account="[^"]+"\} \d/m);
  expect(body).toMatch(/^sentinel_worker_heartbeat_age_seconds\{worker="[^"]+",mode="paper"\} /m);
  expect(body).toMatch(/^sentinel_web_process_resident_memory_bytes /m);
});
