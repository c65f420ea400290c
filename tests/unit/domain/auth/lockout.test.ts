import { describe, expect, it } from 'vitest';
import { lockoutState } from '@/domain/auth/lockout';

const POLICY = { maxFailures: 3, windowMinutes: 15, lockoutMinutes: 10 };
const T0 = new Date('2026-11-02T10:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe('lockoutState', () => {
  it('counts failures below the limit without locking', () => {
    expect(lockoutState([at(0), at(1)], POLICY, at(2))).toEqual({ lockedUntil: null, lockedAt: null, failureCount: 2 });
  });

  it('locks at the failure that reaches the limit, for lockoutMinutes from it', () => {
    expect(lockoutState([at(0), at(1), at(2)], POLICY, at(3))).toEqual({ lockedUntil: at(12), lockedAt: at(2), failureCount: 0 });
  });

  it('unlocks when the lock expires and restarts the count (the old failures never count again)', () => {
    const s = lockoutState([at(0), at(1), at(2)], POLICY, at(12));
    expect(s).toEqual({ lockedUntil: null, lockedAt: null, failureCount: 0 });
    expect(lockoutState([at(0), at(1), at(2), at(12.5)], POLICY, at(13)).failureCount).toBe(1);
  });

  it('failures during a lock neither extend it nor count after it', () => {
    const failures = [at(0), at(1), at(2), at(5), at(6), at(7), at(11)];
    expect(lockoutState(failures, POLICY, at(11.5)).lockedUntil).toEqual(at(12));
    expect(lockoutState(failures, POLICY, at(12))).toMatchObject({ lockedUntil: null, failureCount: 0 });
  });

  it('only failures within the window count toward a lock', () => {
    expect(lockoutState([at(0), at(10), at(16)], POLICY, at(16))).toMatchObject({ lockedUntil: null, failureCount: 2 });
    expect(lockoutState([at(0), at(10), at(14)], POLICY, at(14)).lockedUntil).toEqual(at(24));
  });

  it('ignores failures before countFrom (an admin unlock or a successful login)', () => {
    const failures = [at(0), at(1), at(2)];
    expect(lockoutState(failures, POLICY, at(3), at(2.5))).toEqual({ lockedUntil: null, lockedAt: null, failureCount: 0 });
    expect(lockoutState([...failures, at(4)], POLICY, at(5), at(2.5)).failureCount).toBe(1);
  });

  it('ignores failures in the future of now (a clock passed in, not read)', () => {
    expect(lockoutState([at(0), at(1), at(2)], POLICY, at(1.5)).failureCount).toBe(2);
  });
});
