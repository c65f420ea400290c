/**
 * Per-account login lockout, decided from the account's failed attempts alone (pure:
 * the caller reads the attempts and passes `now`).
 *
 * Replaying the failures in order: a failure that brings the count within the window to
 * `maxFailures` locks the account for `lockoutMinutes`; failures while locked do not
 * count (they only extend nothing), and counting starts afresh when a lock ends. The
 * same replay runs for an e-mail with no account, so an unknown e-mail is "locked" and
 * "unlocked" exactly like a real one and the lock message reveals nothing.
 */
export interface LockoutPolicy { maxFailures: number; windowMinutes: number; lockoutMinutes: number }

export interface LockoutState {
  /** set while the account is locked (later than `now`) */
  lockedUntil: Date | null;
  /** failures that count toward the next lock (within the window, since the last lock ended) */
  failureCount: number;
  /** when the last lock began (the failure that tripped it), if one is in force */
  lockedAt: Date | null;
}

/** How far back the caller must read failures for `lockoutState` to be exact for the current lock. */
export function lockoutLookbackMs(policy: LockoutPolicy): number {
  return (policy.windowMinutes + policy.lockoutMinutes) * 60_000;
}

/** `failures`: failure times, any order; only those after `countFrom` (a lock lifted by an admin) count. */
export function lockoutState(failures: readonly Date[], policy: LockoutPolicy, now: Date, countFrom: Date | null = null): LockoutState {
  const windowMs = policy.windowMinutes * 60_000;
  const times = failures.map((d) => d.getTime()).filter((t) => t <= now.getTime() && (countFrom === null || t >= countFrom.getTime())).sort((a, b) => a - b);
  let lockedUntil: number | null = null;
  let lockedAt: number | null = null;
  let counted: number[] = [];
  for (const t of times) {
    if (lockedUntil !== null && t < lockedUntil) continue;
    counted = counted.filter((c) => c > t - windowMs && (lockedUntil === null || c >= lockedUntil));
    counted.push(t);
    if (counted.length >= policy.maxFailures) {
      lockedAt = t;
      lockedUntil = t + policy.lockoutMinutes * 60_000;
      counted = [];
    }
  }
  const isLocked = lockedUntil !== null && lockedUntil > now.getTime();
  const live = counted.filter((c) => c > now.getTime() - windowMs);
  return { lockedUntil: isLocked ? new Date(lockedUntil!) : null, lockedAt: isLocked ? new Date(lockedAt!) : null, failureCount: isLocked ? 0 : live.length };
}
