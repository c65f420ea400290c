import { describe, expect, it } from 'vitest';
import { isTransientDbError, untilDatabaseAnswers } from '@/adapters/db/retry';

describe('untilDatabaseAnswers', () => {
  it('tells a database that is briefly away from an error that never heals', () => {
    expect(isTransientDbError({ code: '57P03', message: 'the database system is shutting down' })).toBe(true);
    expect(isTransientDbError({ code: 'P1001', message: "Can't reach database server" })).toBe(true);
    expect(isTransientDbError(new Error('connect ECONNREFUSED 127.0.0.1:5432'))).toBe(true);
    expect(isTransientDbError({ code: '23505', message: 'duplicate key value violates unique constraint' })).toBe(false);
    expect(isTransientDbError(new Error('column "x" does not exist'))).toBe(false);
  });

  it('waits out transient errors with a growing backoff, then returns', async () => {
    let t = 0;
    const waits: number[] = [];
    let calls = 0;
    const r = await untilDatabaseAnswers('x', async () => {
      calls += 1;
      if (calls < 4) throw Object.assign(new Error('the database system is starting up'), { code: '57P03' });
      return 'ok';
    }, { sleep: async (ms) => { t += ms; }, now: () => t, onWait: (_w, _e, ms) => waits.push(ms) });
    expect(r).toBe('ok');
    expect(waits).toEqual([250, 500, 1000]);
  });

  it('throws at once on a lasting error, and after the deadline on a transient one', async () => {
    await expect(untilDatabaseAnswers('x', async () => { throw new Error('syntax error'); }, { sleep: async () => {} })).rejects.toThrow('syntax error');
    let t = 0;
    await expect(untilDatabaseAnswers('x', async () => { throw new Error('ECONNREFUSED'); }, { forMs: 10_000, sleep: async (ms) => { t += ms; }, now: () => t })).rejects.toThrow('ECONNREFUSED');
    expect(t).toBeLessThanOrEqual(10_000);
  });
});
