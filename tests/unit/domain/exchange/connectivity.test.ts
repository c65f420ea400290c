import { describe, expect, it } from 'vitest';
import { canEnter, initialConnectivity, onFailure, onSuccess } from '@/domain/exchange/connectivity';

const LOST_AFTER = 30_000;

describe('exchange connectivity', () => {
  it('failures within the window degrade; past it, lost once (LOST), entries stop; the first success restores (RESTORED)', () => {
    let s = initialConnectivity(0);
    let r = onFailure(s, 5_000, 'RequestTimeout', LOST_AFTER);
    expect(r).toMatchObject({ event: null, state: { status: 'degraded', failuresInRow: 1, since: 5_000 } });
    s = r.state;
    r = onFailure(s, 20_000, 'NetworkError', LOST_AFTER);
    expect(r.state).toMatchObject({ status: 'degraded', failuresInRow: 2, since: 5_000 });
    r = onFailure(r.state, 31_000, 'ExchangeNotAvailable', LOST_AFTER);
    expect(r).toMatchObject({ event: 'LOST', state: { status: 'lost', since: 31_000, lastError: 'ExchangeNotAvailable' } });
    expect(canEnter(r.state)).toBe(false);
    const again = onFailure(r.state, 40_000, 'NetworkError', LOST_AFTER);
    expect(again.event).toBeNull(); // announced once
    const back = onSuccess(again.state, 45_000);
    expect(back).toMatchObject({ event: 'RESTORED', state: { status: 'up', failuresInRow: 0, since: 45_000, lastSuccessAt: 45_000 } });
    expect(canEnter(back.state)).toBe(true);
  });

  it('silence alone (no call succeeding, no call at all) also counts, checked on a tick', () => {
    const s = initialConnectivity(0);
    expect(onFailure(s, 29_000, null, LOST_AFTER)).toEqual({ state: s, event: null });
    expect(onFailure(s, 30_001, null, LOST_AFTER)).toMatchObject({ event: 'LOST', state: { status: 'lost' } });
  });

  it('a success while up changes nothing but the time of the last success', () => {
    const s = onSuccess(initialConnectivity(0), 10_000);
    expect(s).toMatchObject({ event: null, state: { status: 'up', since: 0, lastSuccessAt: 10_000 } });
  });
});
