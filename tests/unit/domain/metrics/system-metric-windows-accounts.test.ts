import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { isAuthRefusal } from '@/adapters/exchange/auth-refusal';
import { SystemMetricWindows } from '@/domain/metrics/system-metric-windows';

describe('system metric windows per trading account', () => {
  it('keys a window by name, label and account; a series without an account has no accountId', () => {
    const w = new SystemMetricWindows();
    w.record('exchange_request', 'GET /api/v3/account', 1_000, false, 'acct-a');
    w.record('exchange_request', 'GET /api/v3/account', 1_000, true, 'acct-b');
    w.record('exchange_request', 'GET /api/v3/account', 1_000, false, 'acct-b');
    w.record('exchange_auth_error', 'GET /api/v3/account', 1_000, true, 'acct-b');
    w.record('db_query', 'probe', 300, false);
    const rows = w.drain().map(({ name, label, accountId, count, errors }) => ({ name, label, accountId, count, errors }));
    expect(rows).toEqual([
      { name: 'db_query', label: 'probe', accountId: undefined, count: 1, errors: 0 },
      { name: 'exchange_auth_error', label: 'GET /api/v3/account', accountId: 'acct-b', count: 1, errors: 1 },
      { name: 'exchange_request', label: 'GET /api/v3/account', accountId: 'acct-a', count: 1, errors: 0 },
      { name: 'exchange_request', label: 'GET /api/v3/account', accountId: 'acct-b', count: 2, errors: 1 },
    ]);
  });

  it('caps labels per name and account: one key\'s paths cannot crowd out another\'s', () => {
    const w = new SystemMetricWindows(2);
    for (const id of [1, 2, 3]) w.record('exchange_request', `GET /o/${id}`, 100, false, 'acct-a');
    w.record('exchange_request', 'GET /o/9', 100, false, 'acct-b');
    const labels = w.drain().map((r) => `${r.accountId}:${r.label}`);
    expect(labels).toEqual(['acct-a:GET /o/1', 'acct-a:GET /o/2', 'acct-a:other', 'acct-b:GET /o/9']);
  });
});

describe('auth refusal classification', () => {
  it('counts the AuthenticationError family and an HTTP 403, not a refused order or an outage', () => {
    expect(isAuthRefusal(new ccxt.AuthenticationError('binance {"code":-1022,"msg":"Signature for this request is not valid."}'))).toBe(true);
    expect(isAuthRefusal(new ccxt.PermissionDenied('binance {"code":-2015}'))).toBe(true);
    expect(isAuthRefusal(new ccxt.ExchangeNotAvailable('binance GET https://api.binance.com/api/v3/account 403 Forbidden '))).toBe(true);
    expect(isAuthRefusal(new ccxt.ExchangeNotAvailable('binance GET https://api.binance.com/api/v3/account 503 Service Unavailable '))).toBe(false);
    expect(isAuthRefusal(new ccxt.InsufficientFunds('binance {"code":-2010}'))).toBe(false);
    expect(isAuthRefusal(new ccxt.RequestTimeout('timed out'))).toBe(false);
  });
});
