import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seeded } from '@/domain/random/seeded';
import { apiAnomalyConfigFrom, baselineOf, DEFAULT_API_ANOMALY_CONFIG as CFG, judgeApiUsage, type ApiAnomalyKind, type ApiUsageWindow } from '@/domain/security/api-anomaly';

const MIN = 60_000;
const T0 = Date.UTC(2025, 0, 1);
const quiet = { requests: 60, errors: 0, authErrors: 0, orders: 0, rejected: 0 };
/** `n` full one-minute windows ending at T0 + 1 min … T0 + n min, each `f(i)` over a quiet key */
const history = (n: number, f: (i: number) => Partial<ApiUsageWindow> = () => ({})) =>
  Array.from({ length: n }, (_, i): ApiUsageWindow => ({ at: T0 + (i + 1) * MIN, windowMs: MIN, ...quiet, ...f(i) }));
const judge = (ws: ApiUsageWindow[], open: ApiAnomalyKind[] = []) => judgeApiUsage(ws, ws.at(-1)!.at, CFG, new Set(open));
const firing = (ws: ApiUsageWindow[]) => judge(ws).kinds.filter((k) => k.action === 'raise').map((k) => k.kind);
const withBurst = (burst: Partial<ApiUsageWindow>) => [...history(60, (i) => ({ requests: 55 + (i % 11), orders: i % 20 === 0 ? 1 : 0, errors: i % 30 === 0 ? 1 : 0 })),
  { at: T0 + 61 * MIN, windowMs: MIN, ...quiet, ...burst }];

describe('API usage anomaly rules', () => {
  it('a request surge fires REQUEST_RATE only', () => {
    expect(firing(withBurst({ requests: 400 }))).toEqual(['REQUEST_RATE']);
  });

  it('an order burst fires ORDER_BURST, critical', () => {
    const v = judge(withBurst({ orders: 25 }));
    expect(v.kinds.filter((k) => k.action === 'raise').map((k) => k.kind)).toEqual(['ORDER_BURST']);
    expect(v.state).toBe('anomalous');
  });

  it('rejected orders and request errors each fire their rule', () => {
    expect(firing(withBurst({ orders: 4, rejected: 12 }))).toEqual(['REJECTED_ORDERS']);
    expect(firing(withBurst({ errors: 30 }))).toEqual(['ERROR_RATE']);
  });

  it('auth errors fire AUTH_ERRORS on their own, not also ERROR_RATE', () => {
    expect(firing(withBurst({ errors: 30, authErrors: 30 }))).toEqual(['AUTH_ERRORS']);
  });

  it('auth errors fire with no history at all (a working key gets none)', () => {
    const v = judge([{ at: T0 + MIN, windowMs: MIN, ...quiet, errors: 5, authErrors: 5 }]);
    expect(v.kinds.find((k) => k.kind === 'AUTH_ERRORS')!.action).toBe('raise');
    expect(v.state).toBe('anomalous');
    // below the burst size nothing opens
    expect(firing([{ at: T0 + MIN, windowMs: MIN, ...quiet, errors: 2, authErrors: 2 }])).toEqual([]);
  });

  it('a history shorter than the minimum never fires a rate rule', () => {
    const short = [...history(CFG.minHistoryWindows - 1), { at: T0 + CFG.minHistoryWindows * MIN, windowMs: MIN, ...quiet, requests: 5000, orders: 500, rejected: 500, errors: 900 }];
    const v = judge(short);
    expect(v.kinds.every((k) => k.action !== 'raise')).toBe(true);
    expect(v.state).toBe('not_enough_history');
  });

  it('a partial window (a start or a stop) is not judged for rates', () => {
    expect(firing(withBurst({ requests: 10, windowMs: 1_000 } as Partial<ApiUsageWindow>))).toEqual([]);
  });

  it('clears when back to normal, and holds an open alert in between (no flapping)', () => {
    expect(judge(withBurst({ requests: 60 }), ['REQUEST_RATE']).kinds.find((k) => k.kind === 'REQUEST_RATE')!.action).toBe('resolve');
    const b = baselineOf(history(60, (i) => ({ requests: 55 + (i % 11) })).map((w) => w.requests), CFG);
    const between = Math.round((b.fireAbove + b.clearAtOrBelow) / 2);
    const held = judge(withBurst({ requests: between }), ['REQUEST_RATE']).kinds.find((k) => k.kind === 'REQUEST_RATE')!;
    expect(held).toMatchObject({ action: 'hold', isAnomalous: true });
    expect(judge(withBurst({ requests: between })).kinds.find((k) => k.kind === 'REQUEST_RATE')!).toMatchObject({ action: 'hold', isAnomalous: false });
    expect(judge(withBurst({ authErrors: 0 }), ['AUTH_ERRORS']).kinds.find((k) => k.kind === 'AUTH_ERRORS')!.action).toBe('resolve');
  });

  it('a key silent for minutes is idle: every alert resolves', () => {
    const ws = history(60);
    const v = judgeApiUsage(ws, ws.at(-1)!.at + 10 * MIN, CFG, new Set(['ORDER_BURST']));
    expect(v.state).toBe('idle');
    expect(v.kinds.every((k) => k.action === 'resolve')).toBe(true);
  });

  it('one earlier burst in the baseline does not raise the bar (median and MAD)', () => {
    const ws = [...history(60, (i) => ({ requests: i === 30 ? 2000 : 60 })), { at: T0 + 61 * MIN, windowMs: MIN, ...quiet, requests: 400 }];
    expect(firing(ws)).toEqual(['REQUEST_RATE']);
  });

  it('never fires on normal traffic with noise (property, fixed seed)', () => {
    // the noise comes from a seeded PRNG, not from shrinkable numbers: shrinking those toward 0 would make a
    // stationary series into a trend (60 minutes at the bottom of the band, then one at the mean), which is no longer normal traffic
    const traffic = fc.record({
      requestMean: fc.integer({ min: 5, max: 600 }),
      orderMean: fc.double({ min: 0, max: 3, noNaN: true }),
      errorShare: fc.double({ min: 0, max: 0.02, noNaN: true }),
      noiseSeed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
    });
    fc.assert(fc.property(traffic, ({ requestMean, orderMean, errorShare, noiseSeed }) => {
      const u = seeded(noiseSeed);
      // counts around their mean: within ±2.5 standard deviations of a Poisson count (what steady traffic varies by)
      const around = (mean: number) => Math.max(0, Math.round(mean + (u() * 2 - 1) * 2.5 * Math.sqrt(Math.max(mean, 0.25))));
      const ws = Array.from({ length: 61 }, (_, i): ApiUsageWindow => {
        const requests = around(requestMean);
        const orders = around(orderMean);
        return { at: T0 + (i + 1) * MIN, windowMs: MIN, requests, errors: around(requests * errorShare), authErrors: 0, orders, rejected: Math.min(orders, around(orderMean * 0.05)) };
      });
      const v = judge(ws);
      expect(v.kinds.filter((k) => k.action === 'raise')).toEqual([]);
      expect(v.state).toBe('normal');
    }), { seed: 20250110, numRuns: 300 });
  });

  it('reads its configuration from the environment fields, the history never longer than the baseline', () => {
    expect(apiAnomalyConfigFrom({ API_ANOMALY_BASELINE_MINUTES: 20, API_ANOMALY_MIN_HISTORY_MINUTES: 30, API_ANOMALY_THRESHOLD: 8, API_ANOMALY_AUTH_ERRORS: 1, API_ANOMALY_MIN_EVENTS: 3 }))
      .toEqual({ baselineWindows: 20, minHistoryWindows: 20, threshold: 8, authErrorBurst: 1, minEvents: 3 });
  });
});
