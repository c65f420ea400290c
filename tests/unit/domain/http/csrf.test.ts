import { describe, expect, it } from 'vitest';
import { checkCsrf, type CsrfInput } from '@/domain/http/csrf';

const base: CsrfInput = {
  method: 'POST', pathname: '/api/trpc/safeMode.set', expectedOrigin: 'http://127.0.0.1:3000',
  origin: 'http://127.0.0.1:3000', secFetchSite: 'same-origin', csrfHeader: '1',
};

describe('checkCsrf', () => {
  it('lets safe methods through untouched', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(checkCsrf({ ...base, method, origin: 'https://evil.example', csrfHeader: null }).ok).toBe(true);
  });

  it('accepts the dashboard\'s own mutation', () => {
    expect(checkCsrf(base)).toEqual({ ok: true });
    expect(checkCsrf({ ...base, origin: null })).toEqual({ ok: true });
  });

  it('refuses a foreign or opaque Origin', () => {
    for (const origin of ['https://evil.example', 'null', 'https://127.0.0.1:3000', 'http://127.0.0.1:3001']) {
      const d = checkCsrf({ ...base, origin });
      expect(d.ok).toBe(false);
      if (!d.ok) expect(d.reason).toContain(`Origin ${origin}`);
    }
  });

  it('refuses a request with neither Origin nor Sec-Fetch-Site: same-origin', () => {
    expect(checkCsrf({ ...base, origin: null, secFetchSite: null }).ok).toBe(false);
    expect(checkCsrf({ ...base, origin: null, secFetchSite: 'cross-site' }).ok).toBe(false);
  });

  it('requires the custom header outside next-auth', () => {
    const d = checkCsrf({ ...base, csrfHeader: null });
    expect(d).toEqual({ ok: false, reason: 'missing the x-sentinel-csrf header the dashboard sends' });
    expect(checkCsrf({ ...base, method: 'DELETE', csrfHeader: '0' }).ok).toBe(false);
    expect(checkCsrf({ ...base, pathname: '/api/auth/signout', csrfHeader: null }).ok).toBe(true);
    expect(checkCsrf({ ...base, pathname: '/api/authx', csrfHeader: null }).ok).toBe(false);
  });
});
