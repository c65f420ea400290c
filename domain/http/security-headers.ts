/**
 * The security headers every dashboard response carries (docs/security.md, "Web hardening").
 * Pure: the caller passes the per-request nonce and whether the request came over TLS.
 */
export interface SecurityHeaderInput {
  /** fresh per request, base64; Next.js reads it back from the request's CSP and stamps its own scripts with it */
  nonce: string;
  /** the request arrived over TLS (the socket, or X-Forwarded-Proto from a trusted proxy) */
  isTls: boolean;
  /** `next dev`: React's dev build needs eval for its error overlays; never in production */
  isDev: boolean;
}

export const HSTS_MAX_AGE_S = 365 * 24 * 3600;

export function contentSecurityPolicy({ nonce, isTls, isDev }: SecurityHeaderInput): string {
  const directives = [
    "default-src 'self'",
    // the nonce admits Next's own scripts; 'strict-dynamic' the chunks they load. No 'unsafe-eval'
    // in production: neither React nor Next evaluates strings there.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ''}`,
    // <style> elements need the nonce (Next stamps its own); the stylesheets are files under 'self'
    `style-src 'self' 'nonce-${nonce}'`,
    `style-src-elem 'self' 'nonce-${nonce}'`,
    // style="" attributes: React and the chart libraries position elements with them. An attribute
    // cannot run script or read the page, and img-src/font-src keep it from loading anything off-site,
    // so allowing them costs little; a nonce cannot cover attributes.
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isTls ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** Header name (lower case) to value, for a page or an API response alike. */
export function securityHeaders(input: SecurityHeaderInput): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(input),
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY', // frame-ancestors' predecessor, for browsers without CSP level 2
    'referrer-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    // only over TLS: over plain http a browser ignores it, and a proxy that terminates TLS says so
    ...(input.isTls ? { 'strict-transport-security': `max-age=${HSTS_MAX_AGE_S}` } : {}),
  };
}
