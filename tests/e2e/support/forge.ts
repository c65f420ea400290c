import type { Page } from '@playwright/test';

/**
 * What the dashboard's own tRPC client sends with a mutation (the same origin and the CSRF
 * header, server/http/guard.ts), so a forged call from a page's session passes the CSRF
 * check and reaches the role check these tests are about.
 */
export function sameOriginHeaders(page: Page): Record<string, string> {
  return { origin: new URL(page.url()).origin, 'x-sentinel-csrf': '1' };
}
