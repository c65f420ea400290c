import { describe, expect, it } from 'vitest';
import { matchTotpStep, newTotpSecret, totpCodeAt, totpUri } from '@/adapters/auth/totp';
import { hashRecoveryCode, newRecoveryCode, normaliseRecoveryCode, RECOVERY_CODE_PATTERN } from '@/adapters/auth/recovery-codes';

// RFC 6238 appendix B's SHA-1 key ("12345678901234567890") in base32
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const clock = (unixSeconds: number) => new Date(unixSeconds * 1000);

describe('TOTP codes (fake clock)', () => {
  it('matches RFC 6238 test vectors (last 6 digits)', () => {
    expect(totpCodeAt(RFC_SECRET, clock(59))).toBe('287082');
    expect(totpCodeAt(RFC_SECRET, clock(1111111109))).toBe('081804');
    expect(totpCodeAt(RFC_SECRET, clock(2000000000))).toBe('279037');
  });

  it('accepts the current step and one step either side, nothing further', () => {
    const now = clock(1_800_000_015); // step 60,000,000
    const step = 60_000_000;
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, now), now, null)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, clock(1_800_000_015 - 30)), now, null)).toBe(step - 1);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, clock(1_800_000_015 + 30)), now, null)).toBe(step + 1);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, clock(1_800_000_015 - 60)), now, null)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, clock(1_800_000_015 + 60)), now, null)).toBeNull();
  });

  it('refuses a step already spent (replay) and any earlier one, accepts a later one', () => {
    const now = clock(1_800_000_015);
    const code = totpCodeAt(RFC_SECRET, now);
    expect(matchTotpStep(RFC_SECRET, code, now, 60_000_000)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, clock(1_800_000_015 - 30)), now, 59_999_998)).toBe(59_999_999);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, clock(1_800_000_045)), now, 60_000_000)).toBe(60_000_001);
  });

  it('refuses malformed codes without throwing', () => {
    const now = clock(1_800_000_015);
    for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5x']) expect(matchTotpStep(RFC_SECRET, bad, now, null)).toBeNull();
    const code = totpCodeAt(RFC_SECRET, now);
    expect(matchTotpStep(RFC_SECRET, `${code.slice(0, 3)} ${code.slice(3)}`, now, null), 'a space typed in the middle is fine').toBe(60_000_000);
  });

  it('new secrets are 160-bit base32 and the URI names the issuer and account', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = totpUri(secret, 'ops@example.com');
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect(uri).toContain(`secret=${secret}`);
    expect(uri).toContain('issuer=Sentinel');
  });
});

describe('recovery codes', () => {
  it('are 16 symbols (80 bits) in groups of four, distinct, and hash the same however typed', () => {
    const codes = Array.from({ length: 200 }, newRecoveryCode);
    expect(new Set(codes).size).toBe(200);
    for (const c of codes) {
      expect(c).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
      expect(normaliseRecoveryCode(c)).toMatch(RECOVERY_CODE_PATTERN);
    }
    const c = codes[0]!;
    expect(hashRecoveryCode(c.toUpperCase().replace(/-/g, ' '))).toBe(hashRecoveryCode(c));
    expect(hashRecoveryCode(c)).toMatch(/^sha256\$[0-9a-f]{64}$/);
    expect(hashRecoveryCode(c)).not.toContain(normaliseRecoveryCode(c));
  });
});
