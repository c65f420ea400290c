import { describe, expect, it } from 'vitest';
import { EnvError } from '@/adapters/config/env';
import { workerEnv } from '@/worker/env';
import { isFenced, isFencingRefusal, LeaseLostError } from '@/worker/leases/fence';
import { HeldLease } from '@/worker/leases/lease-manager';

const base = { DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/db', SENTINEL_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') };

describe('HeldLease: the local half of fencing', () => {
  it('is held until its monotonic deadline, then refuses whatever the wall clock says', () => {
    let t = 1000;
    const lease = new HeldLease('account:a', 'a', 7, 1000 + 5500, () => t, 1000);
    expect(() => lease.assertHeld()).not.toThrow();
    t = 6499;
    expect(() => lease.assertHeld()).not.toThrow();
    t = 6500;
    expect(() => lease.assertHeld()).toThrow(LeaseLostError);
    expect(() => lease.assertHeld()).toThrow(/epoch 7.*not renewed in time/);
  });

  it('refuses at once once marked lost, even before its deadline', () => {
    const lease = new HeldLease('account:a', 'a', 3, Infinity, () => 0, 0);
    lease.isLost = true;
    expect(() => lease.assertHeld()).toThrow(/taken over, expired or released/);
  });
});

describe('fencing errors', () => {
  it('recognises the trigger\'s refusal however the driver wraps it', () => {
    expect(isFencingRefusal({ code: 'SNF01' })).toBe(true);
    expect(isFencingRefusal(new Error('x', { cause: { message: 'order refused by fencing: lease epoch 1 …' } }))).toBe(true);
    expect(isFencingRefusal({ meta: { driverAdapterError: { cause: { code: 'SNF01' } } } })).toBe(true);
    expect(isFencingRefusal(new Error('deadlock detected'))).toBe(false);
    expect(isFenced(new LeaseLostError('account:a', 1, 'why'))).toBe(true);
    expect(isFenced(new Error('timeout'))).toBe(false);
  });
});

describe('worker env: roles and leases', () => {
  it('defaults to both roles and a 6 s lease renewed every 2 s', () => {
    const env = workerEnv(base);
    expect(env.WORKER_ROLES).toEqual(['trading', 'research']);
    expect([env.LEASE_TTL_MS, env.LEASE_RENEW_INTERVAL_MS]).toEqual([6000, 2000]);
  });

  it('takes one role, and refuses an unknown one naming the field', () => {
    expect(workerEnv({ ...base, WORKER_ROLES: 'research' }).WORKER_ROLES).toEqual(['research']);
    expect(() => workerEnv({ ...base, WORKER_ROLES: 'trading,mining' })).toThrow(/WORKER_ROLES.*trading, research, or trading,research/);
  });

  it('refuses a renewal interval longer than a third of the lease', () => {
    expect(() => workerEnv({ ...base, LEASE_TTL_MS: '6000', LEASE_RENEW_INTERVAL_MS: '2001' })).toThrow(EnvError);
    expect(() => workerEnv({ ...base, LEASE_TTL_MS: '6000', LEASE_RENEW_INTERVAL_MS: '2001' })).toThrow(/LEASE_RENEW_INTERVAL_MS must be at most a third of LEASE_TTL_MS/);
    expect(workerEnv({ ...base, LEASE_TTL_MS: '9000', LEASE_RENEW_INTERVAL_MS: '3000' }).LEASE_RENEW_INTERVAL_MS).toBe(3000);
  });
});
