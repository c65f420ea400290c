import { describe, expect, it } from 'vitest';
import { combineWindows } from '@/domain/metrics/combine-windows';
import { endpointLabel, OVERFLOW_LABEL, SystemMetricWindows, windowEndAfter } from '@/domain/metrics/system-metric-windows';

describe('SystemMetricWindows', () => {
  it('summarises each name and label apart: count, errors, p50, p99, max', () => {
    const w = new SystemMetricWindows();
    for (let i = 1; i <= 100; i++) w.record('exchange_request', 'GET /api/v3/klines', i, i > 97);
    w.record('exchange_request', 'POST /api/v3/order', 5_000, false);
    w.record('db_query', 'probe', 300, false);
    expect(w.drain()).toEqual([
      { name: 'db_query', label: 'probe', count: 1, errors: 0, p50Us: 300, p99Us: 300, maxUs: 300 },
      { name: 'exchange_request', label: 'GET /api/v3/klines', count: 100, errors: 3, p50Us: 50, p99Us: 99, maxUs: 100 },
      { name: 'exchange_request', label: 'POST /api/v3/order', count: 1, errors: 0, p50Us: 5_000, p99Us: 5_000, maxUs: 5_000 },
    ]);
  });

  it('drain starts a new window: nothing carries over', () => {
    const w = new SystemMetricWindows();
    w.record('order_submit', 'ENTRY', 10_000, true);
    expect(w.drain()).toHaveLength(1);
    expect(w.drain()).toEqual([]);
    w.record('order_submit', 'ENTRY', 20_000, false);
    expect(w.drain()).toEqual([{ name: 'order_submit', label: 'ENTRY', count: 1, errors: 0, p50Us: 20_000, p99Us: 20_000, maxUs: 20_000 }]);
  });

  it('caps the labels per name: past the cap new labels fold into "other", known ones keep their own row', () => {
    const w = new SystemMetricWindows(3);
    for (const id of [1, 2, 3, 4, 5]) w.record('exchange_request', `GET /orders/${id}`, 100, false);
    w.record('exchange_request', 'GET /orders/1', 100, false);
    w.record('db_query', 'probe', 100, false); // another name has its own cap
    const rows = w.drain();
    expect(rows.filter((r) => r.name === 'exchange_request').map((r) => [r.label, r.count])).toEqual([
      ['GET /orders/1', 2], ['GET /orders/2', 1], ['GET /orders/3', 1], [OVERFLOW_LABEL, 2],
    ]);
    expect(rows.filter((r) => r.name === 'db_query')).toHaveLength(1);
  });
});

describe('windowEndAfter', () => {
  const MIN = 60_000;
  it('aligns windows to whole minutes: any time inside a minute ends at the next one', () => {
    const t = Date.UTC(2026, 10, 25, 12, 30, 0);
    expect(windowEndAfter(t, MIN)).toBe(t + MIN);
    expect(windowEndAfter(t + 1, MIN)).toBe(t + MIN);
    expect(windowEndAfter(t + MIN - 1, MIN)).toBe(t + MIN);
    expect(windowEndAfter(t + MIN, MIN)).toBe(t + 2 * MIN);
  });
});

describe('endpointLabel', () => {
  it('method and path, without scheme, host or query', () => {
    expect(endpointLabel('GET', 'https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1h')).toBe('GET /api/v3/klines');
    expect(endpointLabel('post', 'http://127.0.0.1:9100/api/v3/order')).toBe('POST /api/v3/order');
    expect(endpointLabel(undefined, 'http://127.0.0.1:9100/api/v3/time')).toBe('GET /api/v3/time');
    expect(endpointLabel('DELETE', 'http://h:1/api/v3/order#x')).toBe('DELETE /api/v3/order');
    expect(endpointLabel('GET', 'http://h:1?x=1')).toBe('GET /');
  });
});

describe('combineWindows (the System page\'s hour per endpoint)', () => {
  const w = (count: number, errors: number, p50Us: number, p99Us: number, maxUs = p99Us) => ({ count, errors, p50Us, p99Us, maxUs });
  it('sums counts and errors, rates per minute over the covered time, p50 weighted by requests, p99 the worst minute', () => {
    const c = combineWindows([w(100, 1, 2_000, 5_000), w(10, 5, 9_000, 40_000, 90_000), w(50, 0, 3_000, 6_000)], 30 * 60_000);
    expect(c).toEqual({ count: 160, errors: 6, perMinute: 160 / 30, errorRatio: 6 / 160, p50Us: 2_000, p99Us: 40_000, maxUs: 90_000 });
  });
  it('the weighted median moves with the busy minutes', () => {
    expect(combineWindows([w(10, 0, 2_000, 5_000), w(100, 0, 3_000, 6_000)], 120_000).p50Us).toBe(3_000);
  });
  it('no windows: zeros, never NaN', () => {
    expect(combineWindows([], 0)).toEqual({ count: 0, errors: 0, perMinute: 0, errorRatio: 0, p50Us: 0, p99Us: 0, maxUs: 0 });
  });
});
