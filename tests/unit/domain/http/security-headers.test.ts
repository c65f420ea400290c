import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, securityHeaders } from '@/domain/http/security-headers';

const directives = (csp: string) => new Map(csp.split('; ').map((d) => {
  const [name, ...values] = d.split(' ');
  return [name!, values.join(' ')];
}));

describe('securityHeaders', () => {
  it('builds a production CSP without eval, with the nonce and the lock-down directives', () => {
    const csp = directives(contentSecurityPolicy({ nonce: 'abc123', isTls: false, isDev: false }));
    expect(csp.get('script-src')).toBe("'self' 'nonce-abc123' 'strict-dynamic'");
    expect([...csp.values()].join(' ')).not.toContain('unsafe-eval');
    expect(csp.get('style-src-elem')).toBe("'self' 'nonce-abc123'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(csp.get('object-src')).toBe("'none'");
    expect(csp.get('base-uri')).toBe("'self'");
    expect(csp.get('form-action')).toBe("'self'");
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
  });

  it('allows eval in development only', () => {
    expect(contentSecurityPolicy({ nonce: 'n', isTls: false, isDev: true })).toContain("'unsafe-eval'");
  });

  it('sends HSTS and upgrade-insecure-requests over TLS only', () => {
    const plain = securityHeaders({ nonce: 'n', isTls: false, isDev: false });
    const tls = securityHeaders({ nonce: 'n', isTls: true, isDev: false });
    expect(plain['strict-transport-security']).toBeUndefined();
    expect(tls['strict-transport-security']).toBe('max-age=31536000');
    expect(tls['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('always sends nosniff, a referrer policy and a permissions policy', () => {
    const h = securityHeaders({ nonce: 'n', isTls: false, isDev: false });
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['referrer-policy']).toBe('same-origin');
    expect(h['permissions-policy']).toContain('camera=()');
    expect(h['x-frame-options']).toBe('DENY');
  });
});
