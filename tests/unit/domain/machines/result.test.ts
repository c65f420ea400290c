import { describe, expect, it } from 'vitest';
import { err, ok, transitionIn } from '@/domain/machines/result';

type Light = 'GREEN' | 'RED';
type Signal = 'STOP' | 'GO';
const lights: Record<Light, Partial<Record<Signal, Light>>> = { GREEN: { STOP: 'RED' }, RED: { GO: 'GREEN' } };

describe('Result helpers', () => {
  it('ok and err build the two variants', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(err('boom')).toEqual({ ok: false, error: 'boom' });
  });
});

describe('transitionIn', () => {
  it('returns the table target for a listed pair', () => {
    expect(transitionIn('light', lights, 'GREEN', 'STOP')).toEqual(ok('RED'));
  });

  it('returns an INVALID_TRANSITION value naming machine, state and event for an unlisted pair', () => {
    expect(transitionIn('light', lights, 'GREEN', 'GO')).toEqual(err({
      kind: 'INVALID_TRANSITION', from: 'GREEN', event: 'GO', message: 'light: GO is not allowed in state GREEN',
    }));
  });

  it('returns an error value, not a throw, for a state missing from the table', () => {
    // a status read back from the database is only as good as the column
    const result = transitionIn('light', lights, 'AMBER' as Light, 'GO');
    expect(result.ok).toBe(false);
  });
});
