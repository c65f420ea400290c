import { describe, expect, it } from 'vitest';
import { redactQuery } from '@/domain/http/redact-query';

describe('redactQuery', () => {
  it('leaves a path without a query alone', () => {
    expect(redactQuery('/api/trpc/overview.get')).toBe('/api/trpc/overview.get');
  });

  it('redacts secret-sounding parameters, keeps the others', () => {
    expect(redactQuery('/x?token=abc&page=2&password=hunter2&apiKey=K&client_secret=S&code=123456'))
      .toBe('/x?token=[redacted]&page=2&password=[redacted]&apiKey=[redacted]&client_secret=[redacted]&code=[redacted]');
  });

  it('matches names case-insensitively, URL-encoded and as substrings', () => {
    expect(redactQuery('/x?ACCESS_TOKEN=a&totp%43ode=1&sym=BTC')).toBe('/x?ACCESS_TOKEN=[redacted]&totp%43ode=[redacted]&sym=BTC');
  });

  it('keeps tRPC batch inputs (input=) and drops a fragment', () => {
    expect(redactQuery('/api/trpc/a,b?batch=1&input=%7B%7D#frag')).toBe('/api/trpc/a,b?batch=1&input=%7B%7D');
  });

  it('survives a malformed escape and valueless parameters', () => {
    expect(redactQuery('/x?%E0%A4%A=1&secret&key=')).toBe('/x?%E0%A4%A=1&secret&key=[redacted]');
  });
});
